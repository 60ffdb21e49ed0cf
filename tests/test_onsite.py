import logging

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import ServiceJobCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestOnsiteWork(ServiceJobCase):
    """On-site work: parts used from the van and invoicing the ticket's labour and parts."""

    def test_onsite_parts_from_the_van(self):
        van = self._van("Van TOM")
        self.technician.after_sales_van_location_id = van
        self.env["stock.quant"]._update_available_quantity(self.filter, van, 3)
        ticket = self._ticket()
        wizard = Form.from_action(
            ticket.with_user(self.technician).env,
            ticket.with_user(self.technician).action_onsite_parts(),
        )
        self.assertEqual(wizard.location_id, van, "the technician's van")
        with wizard.line_ids.new() as line:
            line.product_id = self.filter
            line.quantity = 5
        wizard = wizard.save()
        with self.assertRaisesRegex(UserError, "does not hold enough"):
            wizard.action_confirm()
        self.assertFalse(ticket.picking_ids, "nothing moved")
        wizard.line_ids.quantity = -1
        with self.assertRaisesRegex(UserError, "must be positive"):
            wizard.action_confirm()
        wizard.line_ids.quantity = 2
        wizard.action_confirm()
        self.assertEqual(self._on_hand_at(self.filter, van), 1.0)
        picking = ticket.picking_ids
        self.assertEqual(picking.after_sales_goods_flow, "parts")
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.move_ids.location_dest_id, self.customer_location)
        self.assertIn("Air filter", ticket.message_ids[0].body)
        self.env.flush_all()
        row = self.env["after_sales.parts.report"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual((row.job, row.quantity, row.cost), ("onsite", 2.0, 20.0))
        ticket.invalidate_recordset(["parts_cost"])
        self.assertEqual(ticket.parts_cost, 20.0, "parts used on site count in the cost")
        self.assertEqual(ticket.with_user(self.accountant).parts_cost, 20.0)

        covered = self._ticket(covered=True, prefix="VANC", team_id=self.team.id)
        self.team.van_location_id = van
        self.technician.after_sales_van_location_id = False
        wizard = self.env["after_sales.onsite.parts"].create(
            {
                "ticket_id": covered.id,
                "line_ids": [Command.create({"product_id": self.filter.id, "quantity": 1})],
            }
        )
        self.assertEqual(wizard.location_id, van, "the team's van")
        wizard.action_confirm()
        self.assertEqual(
            covered.picking_ids.move_ids.location_dest_id,
            self.company.after_sales_warranty_location_id,
            "warranty parts are a warranty expense",
        )
        self.assertEqual(self._on_hand_at(self.filter, van), 0.0)

    def test_one_path_for_a_ticket_and_a_visit(self):
        """The technician records parts and labour on a ticket and on a visit through the
        same wizard and lines: the job's hooks decide the van, the destination, the
        chatter line and what it does to the job."""
        van = self._van("Van ONE")
        self.technician.after_sales_van_location_id = van
        self.env["stock.quant"]._update_available_quantity(self.filter, van, 4)
        ticket = self._ticket()
        visit = self.env["after_sales.visit"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.technician.id,
                "date_start": fields.Datetime.now(),
            }
        )
        visit.with_user(self.technician).action_start()
        for job in (ticket, visit):
            mine = job.with_user(self.technician)
            wizard = Form.from_action(mine.env, mine.action_onsite_parts())
            self.assertEqual(wizard.location_id, van, f"{job._name}: the technician's van")
            with wizard.line_ids.new() as line:
                line.product_id = self.filter
                line.quantity = 2
            wizard.save().action_confirm()
            moves = self.env["stock.move"].search(
                [("picking_id.origin", "=", job.number), ("location_id", "=", van.id)]
            )
            self.assertEqual(moves.product_id, self.filter, job._name)
            self.assertEqual(moves.location_dest_id, self.customer_location, job._name)
            logged = job.message_ids.filtered(lambda m: "Spare parts used on site" in m.body)
            self.assertIn(moves.picking_id.name, logged.body, f"{job._name}: linked")
            labour = (
                self.env["after_sales.labour.line"]
                .with_user(self.technician)
                .create({f"{job._name.split('.')[1]}_id": job.id, "hours": 1.0, "name": "On site"})
            )
            self.assertEqual(labour.category, job._job_billing_category() or False)
            self.assertEqual(labour.company_id, job.company_id)
        self.assertEqual(self._on_hand_at(self.filter, van), 0.0)
        self.assertTrue(ticket.response_date, "parts used are the ticket's work started")
        visit.with_user(self.technician).write({"no_signature_reason": "Away"})
        visit.with_user(self.technician).action_finish()
        wizard = (
            self.env["after_sales.onsite.parts"]
            .with_user(self.technician)
            .create(
                {
                    "visit_id": visit.id,
                    "line_ids": [Command.create({"product_id": self.filter.id, "quantity": 1})],
                }
            )
        )
        with self.assertRaisesRegex(UserError, "is closed"):
            wizard.action_confirm()

    def test_onsite_work_invoiced_from_the_ticket(self):
        van = self._van("Van SUE")
        self.team.van_location_id = van
        self.env["stock.quant"]._update_available_quantity(self.filter, van, 5)
        ticket = self._ticket()
        labour = self.env["after_sales.labour.line"].create(
            {"ticket_id": ticket.id, "hours": 2.0, "name": "On-site diagnosis"}
        )
        self.env["after_sales.onsite.parts"].create(
            {
                "ticket_id": ticket.id,
                "line_ids": [Command.create({"product_id": self.filter.id, "quantity": 2})],
            }
        ).action_confirm()
        as_accountant = ticket.with_user(self.accountant)
        action = as_accountant.action_invoice_onsite_work()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(invoice.amount_untaxed, 2 * 45.0 + 2 * 27.0)
        self.assertEqual(invoice.after_sales_ticket_id, ticket)
        order = ticket.onsite_sale_order_id
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.picking_ids, "the parts already left the van")
        self.assertEqual(self._on_hand_at(self.filter, van), 3.0)
        self.assertEqual(labour.sale_line_id.order_id, order)
        for line in order.order_line:
            self.assertEqual(line.analytic_distribution, {str(self.analytic.id): 100})

        as_accountant.action_invoice_onsite_work()
        self.assertEqual(order.invoice_ids, invoice, "pressing it twice makes one invoice")
        self.env["after_sales.labour.line"].create(
            {"ticket_id": ticket.id, "hours": 1.0, "name": "Return visit"}
        )
        action = as_accountant.action_invoice_onsite_work()
        second = self.env["account.move"].browse(action["domain"][0][2]) - invoice
        self.assertEqual(second.amount_untaxed, 45.0, "only the new time")

    def test_onsite_work_follows_the_category(self):
        covered = self._ticket(covered=True)
        self.env["after_sales.labour.line"].create({"ticket_id": covered.id, "hours": 1.0})
        with self.assertRaisesRegex(UserError, "Nothing to bill"):
            covered.with_user(self.accountant).action_invoice_onsite_work()
        self.env["after_sales.labour.line"].create(
            {"ticket_id": covered.id, "hours": 0.5, "excluded_from_warranty": True}
        )
        action = covered.with_user(self.accountant).action_invoice_onsite_work()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(invoice.amount_untaxed, 22.5, "only the excluded half hour")

        internal = self._ticket(category="D", prefix="INT")
        self.env["after_sales.labour.line"].create({"ticket_id": internal.id, "hours": 1.0})
        with self.assertRaisesRegex(UserError, "never invoiced"):
            internal.with_user(self.accountant).action_invoice_onsite_work()
        self.assertFalse(internal.onsite_sale_order_id)

    def test_parts_used_on_site_are_no_delivery(self):
        self.company.stock_move_email_validation = True
        parts_type = self.warehouse.after_sales_parts_type_id
        self.assertEqual(parts_type.code, "internal", "created with the warehouse, no delivery")
        ticket = self._ticket(prefix="NODLV")
        as_technician = ticket.with_user(self.technician)
        wizard = Form.from_action(as_technician.env, as_technician.action_onsite_parts())
        self.assertEqual(wizard.location_id, self.stock_location, "no van: the stock")
        with wizard.line_ids.new() as line:
            line.product_id = self.filter
            line.quantity = 1
        wizard = wizard.save()
        goods = self.company._after_sales_customer_goods_location(self.warehouse)
        wizard.location_id = goods
        with self.assertRaisesRegex(UserError, "holds customers' units"):
            wizard.action_confirm()
        wizard.location_id = self.stock_location
        wizard.action_confirm()
        picking = ticket.picking_ids
        self.assertEqual(picking.picking_type_id, parts_type)
        self.assertEqual(picking.state, "done")
        self.assertEqual(self._on_hand(self.filter), 9.0)
        self.assertFalse(
            picking.message_ids.filtered(lambda m: self.customer in m.partner_ids),
            "the customer is told of no shipment",
        )
        deliveries = self.env["stock.picking"].search_count(
            [("after_sales_ticket_id", "=", ticket.id), ("picking_type_code", "=", "outgoing")]
        )
        self.assertEqual(deliveries, 0, "not counted as a delivery")

        branch = self.env["stock.warehouse"].create({"name": "Branch", "code": "BR2"})
        self.assertEqual(branch.after_sales_parts_type_id.code, "internal")
        self.assertEqual(branch.after_sales_parts_type_id.sequence_code, "SVC")
        self.assertNotEqual(branch.after_sales_parts_type_id, parts_type)
