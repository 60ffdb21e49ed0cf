from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .selections import PROGRESS_EVENTS


class AfterSalesStage(models.Model):
    _name = "after_sales.stage"
    _description = "After-Sales Ticket Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True, help="Shown as a tooltip on the kanban column.")
    fold = fields.Boolean(string="Folded in Kanban")
    is_closing = fields.Boolean(
        string="Closing Stage",
        help="Tickets in this stage are closed: their resolution SLA is reached.",
    )
    pauses_sla = fields.Boolean(
        string="Pauses SLA",
        help="Working time spent in this stage (waiting for the customer or for parts) "
        "is not counted in the SLA deadlines.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email Template",
        domain=[("model", "=", "after_sales.ticket")],
        help="Email sent to the customer when a ticket reaches this stage.",
    )
    progress_event = fields.Selection(
        PROGRESS_EVENTS,
        string="Move Tickets Here When",
        help="Tickets of the stage's teams move here by themselves when this happens "
        "(the first such stage of the team's board). Closed tickets stay where they are.",
    )
    team_ids = fields.Many2many(
        "after_sales.team",
        relation="after_sales_stage_team_rel",
        column1="stage_id",
        column2="team_id",
        string="Teams",
        help="Teams using this stage. Leave empty to share the stage with every team.",
    )

    @api.constrains("is_closing", "pauses_sla")
    def _check_closing_not_paused(self):
        for stage in self:
            if stage.is_closing and stage.pauses_sla:
                raise ValidationError(
                    self.env._(
                        "Stage “%s” cannot both close tickets and pause their SLA.", stage.name
                    )
                )
