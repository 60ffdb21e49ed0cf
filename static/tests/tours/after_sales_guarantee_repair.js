/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("after_sales_guarantee_repair", {
    steps: () => [
        {
            content: "The covered ticket offers the guarantees",
            trigger: ".o_form_view button[name='action_resolve_guarantee']",
            run: "click",
        },
        {
            content: "The dialog says which guarantees apply",
            trigger: ".modal .alert-info:contains('Repair: available')",
        },
        {
            content: "Choose a warranty repair",
            trigger: ".modal .o_field_widget[name='resolution'] input[data-value='repair']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The chatter records the granted repair",
            trigger: ".o-mail-Message:contains('Warranty repair granted')",
        },
        {
            content: "Create the repair order from the ticket",
            trigger: ".o_form_view button[name='action_create_repair']",
            run: "click",
        },
        {
            content: "The repair order is prefilled with the customer",
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input:value('Tour Customer')",
        },
        {
            content: "Save the repair order",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The saved repair gets its number",
            trigger: ".o_breadcrumb:contains('RO/')",
        },
        {
            content: "and links back to its ticket",
            trigger: ".o_form_view button[name='action_open_after_sales_ticket']",
        },
    ],
});
