"""Warranty cards: what the three guarantees may do with the card's unit, and the
returns, replacement deliveries and credit notes they create."""

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date


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
        sale_line = self.sudo().sale_line_id  # sudo: the price only, for technicians too
        if sale_line and sale_line.product_uom_qty:
            order = sale_line.order_id
            unit = sale_line.price_subtotal / sale_line.product_uom_qty
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
            refusals["repair"] = self.env._(
                "The warranty ended on %s.", format_date(self.env, self.end_date)
            )
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
        """Deliver a new unit of the same product to the customer through procurement,
        as a sale does: the warehouse's delivery route plans the delivery, or in
        multi-step warehouses the pick whose completion plans the next steps; the
        serial of the replacement unit is chosen when it is reserved or delivered.
        Returns the transfers planned now."""
        self.ensure_one()
        original = self.picking_id
        warehouse = original.picking_type_id.warehouse_id or ticket._after_sales_warehouse()
        group = self.env["procurement.group"].create(self._prepare_replacement_group_values(ticket))
        procurement = self.env["procurement.group"].Procurement(
            self.product_id,
            self.quantity,
            self.product_id.uom_id,
            original.location_dest_id,
            self.env._("Replacement of %s", self.display_name),
            ticket.number,
            self.company_id,
            {
                "group_id": group,
                "warehouse_id": warehouse,
                "partner_id": original.partner_id.id,
                "date_planned": fields.Datetime.now(),
            },
        )
        self.env["procurement.group"].run([procurement])
        # the transfers of the group, now and in later steps, carry the ticket and card
        return self.env["stock.picking"].search([("group_id", "=", group.id)])

    def _prepare_replacement_group_values(self, ticket):
        """Values of the procurement group of a replacement delivery (a hook)."""
        self.ensure_one()
        return {
            "name": ticket.number,
            "partner_id": self.picking_id.partner_id.id,
            "move_type": "direct",
            "after_sales_ticket_id": ticket.id,
            "after_sales_claim_card_id": self.id,
        }

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
