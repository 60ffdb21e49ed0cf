/** @odoo-module **/

import { registry } from "@web/core/registry";
import { drawOn } from "@after_sales/../tests/tours/tour_helpers";

registry.category("web_tour.tours").add("after_sales_voucher_sign", {
    steps: () => [
        {
            content: "The voucher waits for the customer's signature",
            trigger: "#voucher a.o_after_sales_voucher_sign",
            run: "click",
        },
        {
            content: "The pad opens to draw, and nothing drawn signs nothing",
            trigger: ".modal.show .o_web_sign_draw_button.active",
        },
        {
            content: "(the sign button waits for a drawing)",
            trigger: ".modal.show .o_portal_sign_submit:disabled",
        },
        {
            content: "The customer draws their signature",
            trigger: ".modal.show canvas.o_web_sign_signature",
            async run() {
                await drawOn(this.anchor);
            },
        },
        {
            content: "and signs",
            trigger: ".modal.show .o_portal_sign_submit:enabled",
            run: "click",
        },
        {
            content: "The voucher is signed, and the page says so",
            trigger: "#voucher .o_after_sales_voucher_signed:contains('Signed by')",
        },
        {
            content: "with a thank-you",
            trigger: "#voucher .alert-success:contains('the voucher is signed')",
        },
    ],
});
