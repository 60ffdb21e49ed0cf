from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AfterSalesContractLine(models.Model):
    _name = "after_sales.contract.line"
    _description = "Maintenance Contract Covered Equipment"
    _order = "contract_id, id"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "after_sales.contract", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="contract_id.partner_id", store=True, index=True)
    state = fields.Selection(related="contract_id.state", store=True, index=True)
    product_id = fields.Many2one("product.product", index=True, check_company=True)
    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial Number",
        index="btree_not_null",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        help="Covers every product of this category (and its subcategories).",
    )

    _sql_constraints = [
        (
            "serial_one_running_contract",
            "EXCLUDE USING btree (lot_id WITH =) WHERE (lot_id IS NOT NULL AND state = 'running')",
            "A serial number is covered by one running contract at a time.",
        ),
    ]

    # contract_id: checked on every create, even when no product nor category is given
    @api.constrains("contract_id", "product_id", "lot_id", "categ_id")
    def _check_what_is_covered(self):
        for line in self:
            if not (line.product_id or line.categ_id):
                raise ValidationError(
                    self.env._(
                        "A covered equipment line of contract %s needs a product or a "
                        "product category.",
                        line.contract_id.display_name,
                    )
                )
            if line.lot_id and line.lot_id.product_id != line.product_id:
                raise ValidationError(
                    self.env._(
                        "Serial %(serial)s belongs to %(product)s, not to the line's product.",
                        serial=line.lot_id.name,
                        product=line.lot_id.product_id.display_name,
                    )
                )

    @api.constrains("contract_id", "lot_id")
    def _check_serial_is_the_customers(self):
        """A contract covers the customer's own units: not a serial whose warranty
        card is another customer's."""
        lines = self.filtered("lot_id")
        if not lines:
            return
        # sudo: the cards of the serials, whoever may read them, decide whose they are
        cards = (
            self.env["after_sales.warranty.card"]
            .sudo()
            .search([("lot_id", "in", lines.lot_id.ids), ("state", "!=", "void")])
        )
        for line in lines:
            customer = line.contract_id.partner_id.commercial_partner_id
            others = cards.filtered(
                lambda card, line=line, customer=customer: (
                    card.lot_id == line.lot_id and card.partner_id.commercial_partner_id != customer
                )
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "Serial %(serial)s is %(owner)s's unit (warranty card %(card)s): "
                        "contract %(contract)s of %(customer)s cannot cover it.",
                        serial=others[0].lot_id.name,  # read through the card's sudo
                        owner=others[0].partner_id.display_name,
                        card=others[0].display_name,
                        contract=line.contract_id.display_name,
                        customer=customer.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.contract_id._check_user_write_values({"line_ids": True})  # its terms
        return lines

    def write(self, vals):
        self.contract_id._check_user_write_values({"line_ids": True})
        return super().write(vals)

    def unlink(self):
        self.contract_id._check_user_write_values({"line_ids": True})
        return super().unlink()

    @api.onchange("lot_id")
    def _onchange_lot_id(self):
        if self.lot_id:
            self.product_id = self.lot_id.product_id

    def _check_serials_free(self):
        """Refuse to run these lines' serials under a second running contract, naming
        the contract that covers them."""
        lots = self.lot_id
        if not lots:
            return
        # sudo: a running contract of any company blocks the serial
        others = self.sudo().search(
            [
                ("lot_id", "in", lots.ids),
                ("state", "in", ("running", "to_renew")),
                ("contract_id", "not in", self.contract_id.ids),
            ]
        )
        taken = others.filtered(
            lambda other: any(
                line.lot_id == other.lot_id
                and line.contract_id.date_start <= other.contract_id.date_end
                and other.contract_id.date_start <= line.contract_id.date_end
                for line in self
            )
        )[:1]
        if taken:
            raise ValidationError(
                self.env._(
                    "Serial %(serial)s is already covered by running contract %(contract)s.",
                    serial=taken.lot_id.name,
                    contract=taken.contract_id.number,
                )
            )

    def _covers(self, ticket):
        """Whether this line covers ``ticket``'s unit."""
        self.ensure_one()
        if self.lot_id:
            return self.lot_id == ticket.lot_id
        if self.partner_id != ticket.partner_id.commercial_partner_id:
            return False
        if self.product_id:
            return self.product_id == ticket.product_id
        return bool(
            ticket.product_id
            and self.categ_id.parent_path
            and ticket.product_id.categ_id.parent_path.startswith(self.categ_id.parent_path)
        )
