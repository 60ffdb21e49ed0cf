"""Warranty cards: what the three guarantees may do with the card's unit, and the
returns, replacement deliveries and credit notes they create."""

from odoo import Command, models
from odoo.exceptions import UserError


class AfterSalesWarrantyCard(models.Model):
    _inherit = "after_sales.warranty.card"

    def _invoice_lines(self):
        """The posted customer invoice lines that billed this card's sale line."""
        self.ensure_one()
        return self.sale_line_id.invoice_lines.filtered(
            lambda line: line.move_id.state == "posted" and line.move_id.move_type == "out_invoice"
        ).sorted(lambda line: (line.move_id.invoice_date or line.move_id.date, line.id))

    def _unit_value(self):
        """Untaxed value of the card's units in company currency: what the
        customer was invoiced, else the sale price, else the list price."""
        self.ensure_one()
        invoice_line = self.sudo()._invoice_lines()[-1:]  # sudo: amounts only, for any user
        if invoice_line and invoice_line.quantity:
            return abs(invoice_line.balance) / invoice_line.quantity * self.quantity
        if self.sale_line_id and self.sale_line_id.product_uom_qty:
            order = self.sale_line_id.order_id
            unit = self.sale_line_id.price_subtotal / self.sale_line_id.product_uom_qty
            return order.currency_id._convert(
                unit * self.quantity, self.company_id.currency_id, self.company_id, order.date_order
            )
        return self.product_id.lst_price * self.quantity

    def _guarantee_refusals(self, on_date, customer_damage=False):
        """{"repair" | "replace" | "refund": why it is not offered on ``on_date``,
        or False when the card's windows allow it}."""
        self.ensure_one()
        refusals = dict.fromkeys(("repair", "replace", "refund"), False)
        if self.state == "void":
            return dict.fromkeys(refusals, self.env._("Warranty card %s is void.", self.number))
        if self.state == "draft":
            return dict.fromkeys(
                refusals, self.env._("Warranty card %s is not active yet.", self.number)
            )
        if customer_damage:
            return dict.fromkeys(
                refusals, self.env._("Damage caused by the customer is not covered.")
            )
        if not self._covers(on_date):
            refusals["repair"] = self.env._("The warranty ended on %s.", self.end_date)
        if not self.replace_until or on_date > self.replace_until:
            refusals["replace"] = self.env._(
                "The replacement window closed on %s.", self.replace_until or self.start_date
            )
        if not self.refund_until or on_date > self.refund_until:
            refusals["refund"] = self.env._(
                "The refund window closed on %s.", self.refund_until or self.start_date
            )
        if not self.move_line_id:
            not_delivered = self.env._(
                "Card %s was not issued by a delivery: there is no unit to take back.",
                self.number,
            )
            refusals["replace"] = refusals["replace"] or not_delivered
            refusals["refund"] = refusals["refund"] or not_delivered
        elif not self.sudo()._invoice_lines():  # sudo: whether an invoice exists, for any user
            refusals["refund"] = refusals["refund"] or self.env._(
                "The sale of card %s has no posted invoice to credit.", self.number
            )
        return refusals

    def _guarantee_return(self, ticket, to_refund):
        """Create, through Odoo's return wizard, the customer return of this
        card's unit from its delivery, reserved on the card's serial."""
        self.ensure_one()
        move = self.move_line_id.move_id
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=self.picking_id.id, active_model="stock.picking")
            .create({"picking_id": self.picking_id.id})
        )
        for line in wizard.product_return_moves:
            line.write(
                {
                    "quantity": self.quantity if line.move_id == move else 0.0,
                    "to_refund": to_refund,
                }
            )
        picking = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        picking.write(
            {
                "after_sales_ticket_id": ticket.id,
                "after_sales_claim_card_id": self.id,
                "origin": f"{ticket.number} ({self.picking_id.name})",
            }
        )
        if self.lot_id:
            return_move = picking.move_ids.filtered(lambda m: m.product_id == self.product_id)
            return_move._after_sales_set_lines([(self.lot_id, self.quantity)])
        return picking

    def _guarantee_replacement_delivery(self, ticket):
        """A new delivery of the same product to the customer; the serial of the
        replacement unit is chosen when the delivery is validated."""
        self.ensure_one()
        original = self.picking_id
        picking_type = original.picking_type_id
        source = picking_type.default_location_src_id or original.location_id
        destination = original.location_dest_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": original.partner_id.id,
                "location_id": source.id,
                "location_dest_id": destination.id,
                "origin": ticket.number,
                "after_sales_ticket_id": ticket.id,
                "after_sales_claim_card_id": self.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.env._("Replacement of %s", self.display_name),
                            "product_id": self.product_id.id,
                            "product_uom_qty": self.quantity,
                            "product_uom": self.product_id.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        return picking

    def _guarantee_credit_note(self, ticket):
        """A draft credit note of the unit's invoiced price (the accountants post it)."""
        self.ensure_one()
        invoice_line = self.sudo()._invoice_lines()[-1:]  # sudo: see below
        if not invoice_line:
            raise UserError(
                self.env._(
                    "Warranty card %s has no posted invoice to credit: invoice the sale "
                    "first, or resolve with a repair or a replacement.",
                    self.number,
                )
            )
        invoice = invoice_line.move_id
        # sudo: technicians record the refund a manager granted; the credit note
        # stays a draft that only accountants can post
        credit_note = (
            self.env["account.move"]
            .sudo()
            .with_company(invoice.company_id)
            .create(
                {
                    "move_type": "out_refund",
                    "partner_id": invoice.partner_id.id,
                    "currency_id": invoice.currency_id.id,
                    "journal_id": invoice.journal_id.id,
                    "reversed_entry_id": invoice.id,
                    "invoice_origin": ticket.number,
                    "ref": self.env._(
                        "Refund under guarantee: %(ticket)s, %(card)s",
                        ticket=ticket.number,
                        card=self.number,
                    ),
                    "after_sales_ticket_id": ticket.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product_id.id,
                                "name": invoice_line.name,
                                "quantity": self.quantity,
                                "product_uom_id": invoice_line.product_uom_id.id,
                                "price_unit": invoice_line.price_unit,
                                "discount": invoice_line.discount,
                                "tax_ids": [Command.set(invoice_line.tax_ids.ids)],
                                "account_id": invoice_line.account_id.id,
                                "sale_line_ids": [Command.set(self.sale_line_id.ids)],
                            }
                        )
                    ],
                }
            )
        )
        return credit_note.sudo(False)
