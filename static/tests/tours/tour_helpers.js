/** @odoo-module **/

/**
 * Draw a stroke on the signature pad as a finger or a mouse would: pointer events
 * on the canvas, moving across it.
 */
export async function drawOn(canvas) {
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


/** Fail the tour when the element ``selector`` shows on the page. */
export function assertHidden(selector, message) {
    const element = document.querySelector(selector);
    if (element && element.offsetParent !== null) {
        throw new Error(message);
    }
}
