"""Selection lists shared by the add-on's models, wizards and reports."""

from odoo.addons.account.models.account_move import PAYMENT_STATE_SELECTION

TICKET_TYPES = [
    ("installation", "Installation"),
    ("repair", "Repair"),
    ("maintenance", "Maintenance"),
    ("consultation", "Consultation / Training"),
    ("complaint", "Complaint"),
]
TICKET_CATEGORIES = [
    ("A", "A - Paid"),
    ("B", "B - Contract"),
    ("C", "C - Warranty (free)"),
    ("D", "D - Internal"),
]
TICKET_PRIORITIES = [
    ("0", "Normal"),
    ("1", "Medium"),
    ("2", "High"),
    ("3", "Urgent"),
]
TICKET_CHANNELS = [
    ("phone", "Phone"),
    ("email", "Email"),
    ("portal", "Portal"),
    ("visit", "Visit"),
    ("walk_in", "Walk-in"),
]
SLA_STATUSES = [
    ("ongoing", "On Track"),
    ("failed", "Failed"),
    ("reached", "Reached"),
]
GUARANTEE_RESOLUTIONS = [
    ("repair", "Repair"),
    ("replace", "Replace"),
    ("refund", "Refund"),
]
GUARANTEE_STATES = [
    ("to_approve", "Waiting for Approval"),
    ("done", "Granted"),
    ("refused", "Refused"),
]
# Transfers of customer goods in and out of the workshop, and parts used on site.
GOODS_FLOWS = [
    ("in", "Received for Service"),
    ("out", "Returned after Service"),
    ("parts", "On-site Parts"),
]
# Where a customer's unit received for service stands (the customer goods register).
GOODS_STATUSES = [
    ("to_receive", "To Receive"),
    ("in_workshop", "In the Workshop"),
    ("returning", "Being Returned"),
    ("returned", "Returned"),
    ("cancelled", "Cancelled"),
]
ESTIMATE_APPROVAL_METHODS = [
    ("signature", "Signed online"),
    ("email", "By email"),
    ("phone", "By phone"),
    ("in_person", "In person"),
    ("confirmed", "Quotation confirmed"),
]
ESTIMATE_STATES = [
    ("not_needed", "Not Needed"),
    ("to_send", "To Send"),
    ("sent", "Waiting for Approval"),
    ("approved", "Approved"),
]
# The states an accountant filters after-sales invoices by: core's own list,
# less the states after-sales invoices never take.
PAYMENT_STATES = [
    (state, label)
    for state, label in PAYMENT_STATE_SELECTION
    if state not in ("blocked", "invoicing_legacy")
]
# The work that moves a ticket to a stage by itself (the stage's "Move Tickets Here When").
PROGRESS_EVENTS = [
    ("work_started", "Work starts (unit received, repair, labour or on-site parts)"),
    ("parts_short", "A repair waits for spare parts"),
    ("job_done", "The unit is back and nothing is left to bill"),
]
SERVICE_JOBS = [("workshop", "Workshop Repair"), ("onsite", "On Site")]
CONTRACT_STATES = [
    ("draft", "Draft"),
    ("running", "Running"),
    ("to_renew", "To Renew"),
    ("expired", "Expired"),
    ("cancelled", "Cancelled"),
]
CONTRACT_BILLING_PERIODS = [
    ("yearly", "Yearly"),
    ("half_yearly", "Half-yearly"),
    ("quarterly", "Quarterly"),
    ("monthly", "Monthly"),
]
CUSTOMER_CLASSES = [
    ("A", "A - Key customer"),
    ("B", "B - Regular customer"),
    ("C", "C - Occasional customer"),
]
VISIT_PURPOSES = [
    ("maintenance", "Maintenance"),
    ("inspection", "Inspection"),
    ("return_visit", "Return Visit"),
    ("training", "Training"),
    ("installation", "Installation"),
]
VISIT_STATES = [
    ("planned", "Planned"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
    ("missed", "Missed"),
]
VISIT_INTERVAL_UNITS = [("weeks", "Weeks"), ("months", "Months")]
CHECK_RESULTS = [
    ("to_check", "To Check"),
    ("ok", "OK"),
    ("not_ok", "Not OK"),
    ("na", "N/A"),
]
