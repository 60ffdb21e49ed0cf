/** @odoo-module **/

import { registry } from "@web/core/registry";
import { assertHidden } from "@after_sales/../tests/tours/tour_helpers";

const OTHER_UNIT_SHOWN = "The product and serial boxes show beside a chosen unit.";

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
            content: "Their only unit is already chosen, so no product or serial to type",
            trigger: "select[name='card_id']:has(option:selected:contains('PORTAL-TOUR-1'))",
            run: () => assertHidden(".o_after_sales_other_unit", OTHER_UNIT_SHOWN),
        },
        {
            content: "Choosing another unit asks for its product and serial",
            trigger: "select[name='card_id']",
            run() {
                const select = document.querySelector("select[name='card_id']");
                select.selectedIndex = 0;
                select.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The product and serial boxes appear",
            trigger: ".o_after_sales_other_unit input[name='serial']:visible",
        },
        {
            content: "Pick the unit among their own again",
            trigger: "select[name='card_id']",
            run: "selectByIndex 1",
        },
        {
            content: "The free boxes hide again",
            trigger: "select[name='card_id']:has(option:selected:contains('PORTAL-TOUR-1'))",
            run: () => assertHidden(".o_after_sales_other_unit", OTHER_UNIT_SHOWN),
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
            content: "The customer is told the request arrived, with its number",
            trigger: ".o_after_sales_request_sent:contains('We have received your request'):contains('AS/')",
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
