/** @odoo-module **/

import { registry } from "@web/core/registry";
import { drawOn } from "@after_sales/../tests/tours/tour_helpers";

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
            content: "Tick the first check OK, in one tap",
            trigger: "div[name='check_ids'] .o_data_row:first-child button[name='action_result_ok']",
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
            content: "The pad opens to draw: nothing drawn, nothing to adopt",
            trigger: ".modal .btn-primary:contains('Adopt & Sign'):disabled",
        },
        {
            content: "The customer draws their signature",
            trigger: ".modal canvas.o_web_sign_signature",
            async run() {
                await drawOn(this.anchor);
            },
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
