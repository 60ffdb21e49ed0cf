/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("after_sales_visit_today", {
    steps: () => [
        {
            content: "Open today's visit from My Visits Today",
            trigger: ".o_list_view .o_data_row td:contains('Tour Visit Customer')",
            run: "click",
        },
        {
            content: "Start the visit on site",
            trigger: ".o_form_view button[name='action_start']",
            run: "click",
        },
        {
            content: "The visit is under way",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('In Progress')",
        },
        {
            content: "Tick the first check",
            trigger: "div[name='check_ids'] .o_data_row:first-child td[name='result']",
            run: "click",
        },
        {
            content: "It is OK",
            trigger: "div[name='check_ids'] .o_selected_row input.o_radio_input[data-value='ok']",
            run: "click",
        },
        {
            content: "Go to the sign-off",
            trigger: ".o_notebook .nav-link:contains('Sign-off')",
            run: "click",
        },
        {
            content: "Who signs",
            trigger: "div[name='signed_by'] input",
            run: "edit Tour Signer",
        },
        {
            content: "Hand over the signature pad",
            trigger: "div[name='signature'] .o_signature",
            run: "click",
        },
        {
            content: "The customer adopts the signature",
            trigger: ".modal .btn-primary:contains('Adopt & Sign'):enabled",
            run: "click",
        },
        {
            content: "Signed",
            trigger: "div[name='signature'] img.o_signature",
        },
        {
            content: "Finish the visit",
            trigger: ".o_form_view button[name='action_finish']",
            run: "click",
        },
        {
            content: "The visit is done",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
    ],
});
