"""The customer's service requests on the portal (/my/service-requests)."""

import base64

from markupsafe import Markup

from odoo import fields, http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.osv import expression

from ..models.signatures import is_blank_signature
from .uploads import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, checked_request_attachment


class AfterSalesPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        for counter, model in (
            ("service_request_count", "after_sales.ticket"),
            ("warranty_card_count", "after_sales.warranty.card"),
            ("contract_count", "after_sales.contract"),
            ("visit_count", "after_sales.visit"),
        ):
            if counter in counters:
                Model = request.env[model]
                values[counter] = (
                    Model.search_count(self._customer_documents_domain(model))
                    if Model.has_access("read")
                    else 0
                )
        return values

    def _customer_documents_domain(self, model):
        """The customer's own requests, and their cards, contracts and visits worth
        showing."""
        partner = request.env.user.partner_id.commercial_partner_id
        domain = [("partner_id", "child_of", partner.id)]
        states = {
            "after_sales.warranty.card": ("active", "expired"),
            "after_sales.contract": ("running", "to_renew", "expired"),
            "after_sales.visit": ("planned", "in_progress", "done"),
        }.get(model)
        return domain + [("state", "in", states)] if states else domain

    def _customer_documents_list(self, model, page, *, url, template, order):
        """A pager of the customer's documents of ``model`` rendered by ``template``."""
        Model = request.env[model]
        domain = self._customer_documents_domain(model)
        pager = portal_pager(
            url=url, total=Model.search_count(domain), page=page, step=self._items_per_page
        )
        records = Model.search(
            domain, order=order, limit=self._items_per_page, offset=pager["offset"]
        )
        request.session[f"my_{model}_history"] = records.ids[:100]
        rendering = self._prepare_portal_layout_values()
        rendering.update(
            {
                # sudo: the rows are the customer's own (searched with their rights)
                "documents": records.sudo(),
                "pager": pager,
                "default_url": url,
                "page_name": model,
                "today": fields.Date.context_today(records),
            }
        )
        return request.render(template, rendering)

    def _customer_document_page(
        self,
        model,
        record_id,
        access_token,
        *,
        template,
        report_ref=None,
        report_type=None,
        download=False,
        record_key="document",
        page_name=None,
        **kw,
    ):
        """One of the customer's documents (or shared with a token), its PDF on demand;
        another customer's answers 404."""
        try:
            record_sudo = self._document_check_access(model, record_id, access_token=access_token)
        except (AccessError, MissingError):
            raise request.not_found() from None
        if report_type in ("html", "pdf", "text") and report_ref:
            return self._show_report(
                model=record_sudo, report_type=report_type, report_ref=report_ref, download=download
            )
        values = self._get_page_view_values(
            record_sudo,
            access_token,
            {
                record_key: record_sudo,
                "page_name": page_name or model,
                # a warranty card's dates are UTC dates (its coverage is decided on them)
                "today": fields.Date.today()
                if model == "after_sales.warranty.card"
                else fields.Date.context_today(record_sudo),
                "after_sales_message": kw.get("message"),  # what the page says after an action
            },
            f"my_{model}_history",
            False,
            **kw,
        )
        return request.render(template, values)

    @http.route(
        ["/my/warranty-cards", "/my/warranty-cards/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_warranty_cards(self, page=1, **kw):
        return self._customer_documents_list(
            "after_sales.warranty.card",
            page,
            url="/my/warranty-cards",
            template="after_sales.portal_my_warranty_cards",
            order="end_date desc, id desc",
        )

    @http.route(["/my/warranty-cards/<int:card_id>"], type="http", auth="public", website=True)
    def portal_warranty_card_page(
        self, card_id, access_token=None, report_type=None, download=False, **kw
    ):
        return self._customer_document_page(
            "after_sales.warranty.card",
            card_id,
            access_token,
            template="after_sales.portal_warranty_card_page",
            report_ref="after_sales.action_report_warranty_card",
            report_type=report_type,
            download=download,
            **kw,
        )

    @http.route(
        ["/my/contracts", "/my/contracts/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_contracts(self, page=1, **kw):
        return self._customer_documents_list(
            "after_sales.contract",
            page,
            url="/my/contracts",
            template="after_sales.portal_my_contracts",
            order="date_end desc, id desc",
        )

    @http.route(["/my/contracts/<int:contract_id>"], type="http", auth="public", website=True)
    def portal_contract_page(self, contract_id, access_token=None, **kw):
        return self._customer_document_page(
            "after_sales.contract",
            contract_id,
            access_token,
            template="after_sales.portal_contract_page",
            **kw,
        )

    @http.route(
        ["/my/visits", "/my/visits/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_visits(self, page=1, **kw):
        return self._customer_documents_list(
            "after_sales.visit",
            page,
            url="/my/visits",
            template="after_sales.portal_my_visits",
            order="date_start desc, id desc",
        )

    @http.route(["/my/visits/<int:visit_id>"], type="http", auth="public", website=True)
    def portal_visit_page(
        self, visit_id, access_token=None, report_type=None, download=False, **kw
    ):
        return self._customer_document_page(
            "after_sales.visit",
            visit_id,
            access_token,
            template="after_sales.portal_visit_page",
            report_ref="after_sales.action_report_visit",
            report_type=report_type,
            download=download,
            **kw,
        )

    def _service_request_sortings(self):
        env = request.env
        return {
            "date": {"label": env._("Newest"), "order": "date_open desc, id desc"},
            "number": {"label": env._("Number"), "order": "number desc"},
            "stage": {"label": env._("Stage"), "order": "stage_id, date_open desc"},
            "update": {"label": env._("Last Update"), "order": "write_date desc"},
        }

    def _service_request_filters(self):
        env = request.env
        return {
            "all": {"label": env._("All"), "domain": []},
            "open": {"label": env._("Open"), "domain": [("is_closed", "=", False)]},
            "closed": {"label": env._("Closed"), "domain": [("is_closed", "=", True)]},
        }

    @http.route(
        ["/my/service-requests", "/my/service-requests/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_service_requests(
        self, page=1, sortby="date", filterby="all", search=None, groupby=None, **kw
    ):
        Ticket = request.env["after_sales.ticket"]
        sortings = self._service_request_sortings()
        filters = self._service_request_filters()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        domain = expression.AND(
            [self._customer_documents_domain(Ticket._name), filters[filterby]["domain"]]
        )
        if search:
            domain = expression.AND(
                [
                    domain,
                    [
                        "|",
                        "|",
                        ("number", "ilike", search),
                        ("name", "ilike", search),
                        # sudo: portal users cannot read serials; the match only
                        # narrows the customer's own tickets (domain above)
                        (
                            "lot_id",
                            "in",
                            request.env["stock.lot"].sudo()._search([("name", "ilike", search)]),
                        ),
                    ],
                ]
            )
        order = sortings[sortby]["order"]
        if groupby == "stage":
            order = f"stage_id, {order}"
        pager = portal_pager(
            url="/my/service-requests",
            url_args={"sortby": sortby, "filterby": filterby, "search": search, "groupby": groupby},
            total=Ticket.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        tickets = Ticket.search(
            domain, order=order, limit=self._items_per_page, offset=pager["offset"]
        )
        request.session[f"my_{Ticket._name}_history"] = tickets.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "tickets": tickets.sudo(),  # sudo: shown fields only, rows already filtered
                "grouped_tickets": (
                    [group.sudo() for group in tickets.grouped("stage_id").values()]
                    if groupby == "stage"
                    else [tickets.sudo()]
                ),
                "page_name": "service_request",
                "pager": pager,
                "default_url": "/my/service-requests",
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
                "search": search,
                "groupby": groupby,
            }
        )
        return request.render("after_sales.portal_my_service_requests", values)

    @http.route(["/my/service-requests/<int:ticket_id>"], type="http", auth="public", website=True)
    def portal_service_request_page(
        self, ticket_id, access_token=None, report_type=None, download=False, **kw
    ):
        return self._customer_document_page(
            "after_sales.ticket",
            ticket_id,
            access_token,
            template="after_sales.portal_service_request_page",
            report_ref="after_sales.action_report_service_voucher",
            report_type=report_type,
            download=download,
            record_key="ticket",
            page_name="service_request",
            **kw,
        )

    @http.route(
        ["/my/service-requests/<int:ticket_id>/voucher/sign"],
        type="json",
        auth="public",
        website=True,
    )
    def portal_sign_service_voucher(self, ticket_id, access_token=None, name=None, signature=None):
        """The customer signs the service voucher online."""
        env = request.env
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            ticket_sudo = self._document_check_access(
                "after_sales.ticket", ticket_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return {"error": env._("This request cannot be found.")}
        if ticket_sudo.voucher_signed_on:
            return {"error": env._("The service voucher is signed already.")}
        if is_blank_signature(signature):
            return {"error": env._("Draw your signature in the box to sign.")}
        if not ticket_sudo.voucher_signable:
            return {"error": env._("This service voucher has nothing to sign yet.")}
        try:
            ticket_sudo.write({"voucher_signature": signature, "voucher_signed_by": name})
            ticket_sudo._check_voucher_payment()
            ticket_sudo._voucher_signed()
        except (TypeError, ValueError, UserError) as error:
            request.env.cr.rollback()
            return {"error": str(error)}
        return {
            "force_refresh": True,
            # a new query string, so that the browser loads the page again (a new
            # anchor alone only scrolls it) and the page says the voucher is signed
            "redirect_url": ticket_sudo.get_portal_url(
                query_string="&message=voucher_signed", anchor="voucher"
            ),
        }

    # ------------------------------------------------------------------
    # New request
    # ------------------------------------------------------------------

    def _portal_customer_cards(self):
        """The customer's live warranty cards with a serial, to pick their unit."""
        Card = request.env["after_sales.warranty.card"]
        cards = Card.search(
            self._customer_documents_domain(Card._name) + [("lot_id", "!=", False)],
            order="start_date desc",
        )
        # sudo: the units of the cards found with the customer's rights (portal users
        # do not read serials and products)
        return cards.sudo()

    def _render_new_request_form(self, cards, error=None, form=None):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "new_service_request",
                "cards": cards,
                "error": error or {},
                "form": form or {},
                "max_attachments": MAX_ATTACHMENTS,
                "max_megabytes": MAX_ATTACHMENT_BYTES // (1024 * 1024),
            }
        )
        return request.render("after_sales.portal_new_service_request", values)

    @http.route(["/my/service-requests/new"], type="http", auth="user", website=True)
    def portal_new_service_request(self, **kw):
        return self._render_new_request_form(self._portal_customer_cards())

    @http.route(
        ["/my/service-requests/submit"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_submit_service_request(self, **post):
        """Create the request (channel portal) once the form is valid; otherwise show
        it again with what is wrong, nothing created."""
        env = request.env
        cards = self._portal_customer_cards()
        error = {}
        subject = (post.get("subject") or "").strip()
        description = (post.get("description") or "").strip()
        if not subject:
            error["subject"] = env._("Say in a few words what is wrong.")
        card = (
            cards.filtered(lambda c: str(c.id) == post.get("card_id"))
            if post.get("card_id")
            else cards.browse()
        )
        if post.get("card_id") and not card:
            error["card_id"] = env._("Choose one of your own units.")
        lot = card.lot_id
        serial = (post.get("serial") or "").strip()
        if not lot and serial:
            lot = cards.lot_id.filtered(lambda unit: unit.name.lower() == serial.lower())[:1]
            if not lot:
                # whether the serial exists elsewhere is not the customer's business
                error["serial"] = env._(
                    "We find no unit with serial %s among your equipment: check the number "
                    "on its label, or leave it empty and describe the product.",
                    serial,
                )
        files = request.httprequest.files.getlist("attachments")
        files = [upload for upload in files if upload and upload.filename]
        if len(files) > MAX_ATTACHMENTS:
            error["attachments"] = env._("Attach at most %s files.", MAX_ATTACHMENTS)
        contents = []
        for upload in files[:MAX_ATTACHMENTS]:
            checked = checked_request_attachment(request.env, upload)
            if isinstance(checked, str):
                error["attachments"] = checked
            else:
                contents.append(checked)
        if error:
            return self._render_new_request_form(cards, error, post)

        partner = env.user.partner_id
        notes = [
            (env._("Preferred time for a visit"), post.get("preferred_time")),
            (env._("Contact phone"), post.get("phone")),
            (env._("Product"), post.get("product") if not lot else False),
        ]
        # Markup's % escapes what the customer typed
        description_html = Markup("").join(
            Markup("<p>%s</p>") % line for line in description.splitlines() if line.strip()
        ) + Markup("").join(
            Markup("<p><strong>%s:</strong> %s</p>") % (label, value)
            for label, value in notes
            if (value or "").strip()
        )
        # sudo: portal users create their own request through this checked form only;
        # the customer, channel and unit are set here, not taken from the browser
        ticket = (
            env["after_sales.ticket"]
            .sudo()
            .with_context(mail_create_nosubscribe=True)
            .create(
                {
                    "name": subject,
                    "partner_id": partner.id,
                    "channel": "portal",
                    "lot_id": lot.id,
                    "product_id": lot.product_id.id,
                    "description": description_html,
                }
            )
        )
        ticket.message_subscribe(partner_ids=partner.ids)
        if contents:
            attachments = (
                env["ir.attachment"]
                .sudo()
                .create(
                    [
                        {
                            "name": name,
                            "mimetype": mimetype,
                            "datas": base64.b64encode(content),
                            # pending, as the chatter's uploads: the post links them
                            "res_model": "mail.compose.message",
                            "res_id": 0,
                        }
                        for name, mimetype, content in contents
                    ]
                )
            )
            ticket.message_post(
                body=env._("Photos and documents sent with the request."),
                attachment_ids=attachments.ids,
                author_id=partner.id,
                message_type="comment",
                # a comment, not a note: the customer sees what they sent in the conversation
                subtype_xmlid="mail.mt_comment",
            )
        return request.redirect(ticket.get_portal_url(query_string="&message=request_sent"))
