/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("after_sales_portal_request", {
    steps: () => [
        {
            content: "Open the service requests from the portal home",
            trigger: "a[href='/my/service-requests']",
            run: "click",
        },
        {
            content: "Make a new request",
            trigger: "a.o_after_sales_new_request",
            run: "click",
        },
        {
            content: "Say what is wrong",
            trigger: "input[name='subject']",
            run: "edit Tour: the unit is noisy",
        },
        {
            content: "Pick the unit among their own",
            trigger: "select[name='card_id']:has(option:contains('PORTAL-TOUR-1'))",
            run() {
                const select = document.querySelector("select[name='card_id']");
                select.selectedIndex = 1;
                select.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Describe it",
            trigger: "textarea[name='description']",
            run: "edit It rattles when it starts.",
        },
        {
            content: "Send the request",
            trigger: "form.o_after_sales_request_form button[type='submit']",
            run: "click",
        },
        {
            content: "The request is registered and shown",
            trigger: ".o_after_sales_portal_request:contains('Tour: the unit is noisy')",
        },
        {
            content: "Back to the list",
            trigger: ".o_portal_submenu a[href='/my/service-requests']",
            run: "click",
        },
        {
            content: "The request is listed",
            trigger: ".o_portal_my_doc_table td:contains('Tour: the unit is noisy'), table td:contains('Tour: the unit is noisy')",
        },
    ],
});
