"""Links a technician's phone opens: directions to a customer's address."""

from urllib.parse import quote_plus


def navigation_url(partner):
    """A maps link to ``partner``'s address that a phone hands to its navigation app."""
    address = ", ".join(
        filter(
            None,
            (
                partner.street,
                partner.street2,
                partner.zip,
                partner.city,
                partner.state_id.name,
                partner.country_id.name,
            ),
        )
    )
    return address and (f"https://www.google.com/maps/dir/?api=1&destination={quote_plus(address)}")
