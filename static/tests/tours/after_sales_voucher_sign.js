/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * Draw a stroke on the signature pad as a finger or a mouse would: pointer events
 * on the canvas, moving across it.
 */
async function drawOn(canvas) {
    const box = canvas.getBoundingClientRect();
    const at = (x, y) => ({
        clientX: box.left + box.width * x,
        clientY: box.top + box.height * y,
        bubbles: true,
        pointerId: 1,
        pointerType: "mouse",
        isPrimary: true,
        buttons: 1,
        button: 0,
    });
    canvas.dispatchEvent(new PointerEvent("pointerdown", at(0.1, 0.7)));
    for (const [x, y] of [[0.3, 0.2], [0.5, 0.8], [0.7, 0.25], [0.9, 0.6]]) {
        // the pad samples the pointer every few milliseconds, as a hand moves
        await new Promise((resolve) => setTimeout(resolve, 30));
        canvas.dispatchEvent(new PointerEvent("pointermove", at(x, y)));
        document.dispatchEvent(new PointerEvent("pointermove", at(x, y)));
    }
    canvas.dispatchEvent(new PointerEvent("pointerup", at(0.9, 0.6)));
    document.dispatchEvent(new PointerEvent("pointerup", at(0.9, 0.6)));
}

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
