"""What tickets and visits share as service jobs: the fields the shared flows rely on,
the hooks each job implements (where a message about it goes, its warehouse, where its
parts go, what using parts does to it), and the transfer of the customer's own unit."""

from markupsafe import Markup, escape

from odoo import Command, fields, models
from odoo.exceptions import UserError


class AfterSalesJobMixin(models.AbstractModel):
    _name = "after_sales.job.mixin"
    _description = "After-Sales Service Job"

    # What the shared flows (labour, parts used on site, the customer's unit) read on
    # every job; each job declares them in full.
    number = fields.Char()
    partner_id = fields.Many2one("res.partner", string="Customer")
    company_id = fields.Many2one("res.company")
    team_id = fields.Many2one("after_sales.team")
    user_id = fields.Many2one("res.users")

    # ------------------------------------------------------------------
    # Hooks
    # ------------------------------------------------------------------

    def _after_sales_log(self, message, **documents):
        """Log one line on each job's chatter: ``message`` is a translated sentence
        whose placeholders take the ``documents`` (records become links)."""
        values = {
            key: value._get_html_link() if isinstance(value, models.BaseModel) else value
            for key, value in documents.items()
        }
        body = Markup(escape(message)) % values
        # sudo: the milestones of warehouse staff's and accountants' documents are
        # logged on jobs they may only read
        for job in self.sudo():
            job.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _job_billing_category(self):
        """The category (A paid, B contract, C warranty, D internal) the job's parts
        and labour are billed by; False when the job has none of its own."""
        self.ensure_one()
        return False

    def _job_parts_destination(self):
        """Where the parts used on the job go: the billing policy decides by the
        job's category."""
        self.ensure_one()
        return self.env["after_sales.billing.policy"]._parts_destination(
            self._job_billing_category(), self.company_id
        )

    def _job_parts_location(self):
        """Where the job's parts come from: its technician's van, else the user's,
        else its team's, else the warehouse's stock."""
        self.ensure_one()
        return (
            self.user_id.after_sales_van_location_id
            or self.env.user.after_sales_van_location_id
            or self.team_id.van_location_id
            or self.env["stock.warehouse"]
            .search([("company_id", "=", self.company_id.id)], limit=1)
            .lot_stock_id
        )

    def _job_check_parts_allowed(self):
        """Raise when the current user may not record parts on the job now."""
        self.ensure_one()

    def _job_parts_used(self, picking):
        """The job's parts just left the van with ``picking``."""
        self.ensure_one()

    def _prepare_goods_transfer_link_values(self):
        """Values that tie a transfer to the record it serves (its origin and link)."""
        self.ensure_one()
        return {"origin": self.display_name}

    def _check_goods_transfer_possible(self):
        if not self.product_id or not self.partner_id:
            raise UserError(
                self.env._("%s needs a customer and a product to move the unit.", self.display_name)
            )
        if self.product_id.tracking != "none" and not self.lot_id:
            raise UserError(
                self.env._(
                    "Set the serial number of the customer's unit on %s first.",
                    self.display_name,
                )
            )

    def _after_sales_warehouse(self):
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company_id.id)], limit=1
        )
        if not warehouse:
            raise UserError(
                self.env._("Company %s has no warehouse for the workshop.", self.company_id.name)
            )
        return warehouse

    def _create_goods_transfer(self, flow, picking_type, source, destination):
        """A transfer of the customer's unit (owned by them, their serial)."""
        partner = self.partner_id
        picking = self.env["stock.picking"].create(
            dict(
                self._prepare_goods_transfer_link_values(),
                picking_type_id=picking_type.id,
                partner_id=partner.id,
                owner_id=partner.commercial_partner_id.id,
                location_id=source.id,
                location_dest_id=destination.id,
                after_sales_goods_flow=flow,
                move_ids=[
                    Command.create(
                        {
                            "name": self.product_id.display_name,
                            "product_id": self.product_id.id,
                            "product_uom_qty": 1.0,
                            "product_uom": self.product_id.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": destination.id,
                            "restrict_partner_id": partner.commercial_partner_id.id,
                        }
                    )
                ],
            )
        )
        picking.action_confirm()
        if flow == "in":
            picking.move_ids._after_sales_set_lines(
                [(self.lot_id, 1.0)], owner=partner.commercial_partner_id
            )
        return picking
