/** @odoo-module **/

import { registry } from "@web/core/registry";

const TICKET = ".o_kanban_record:contains('Tour: fridge door rattles')";
const IN_PROGRESS = ".o_kanban_group:has(.o_column_title:contains('In Progress'))";

registry.category("web_tour.tours").add("after_sales_ticket_board", {
    steps: () => [
        {
            content: "The board shows the new ticket",
            trigger: `.o_kanban_group:has(.o_column_title:contains('New')) ${TICKET}`,
        },
        {
            content: "Drag the ticket to In Progress",
            trigger: TICKET,
            run: `drag_and_drop(${IN_PROGRESS})`,
        },
        {
            content: "Open the moved ticket",
            trigger: `${IN_PROGRESS} ${TICKET}`,
            run: "click",
        },
        {
            content: "The form shows the new stage",
            trigger: ".o_form_view .o_statusbar_status button[aria-checked='true']:contains('In Progress')",
        },
    ],
});
