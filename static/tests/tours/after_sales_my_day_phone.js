/** @odoo-module **/

import { registry } from "@web/core/registry";
import { drawOn } from "@after_sales/../tests/tours/tour_helpers";

/**
 * A technician's visit on a phone, from opening the app to the signed, finished visit:
 * My Day, start, one-tap checklist, a part from the van, labour, the customer's drawn
 * signature, finish.
 */
registry.category("web_tour.tours").add("after_sales_my_day_phone", {
    steps: () => [
        {
            content: "The app opens on My Day: today's visit, with directions for the phone",
            trigger:
                ".o_kanban_record:contains('Tour Day Customer'):has(a.o_after_sales_navigate[href*='maps']):has(a.o_after_sales_call[href^='tel:'])",
        },
        {
            content: "Open the visit",
            trigger: ".o_kanban_record:contains('Tour Day Customer')",
            run: "click",
        },
        {
            content: "Start it with the thumb",
            trigger: ".o_after_sales_thumb_buttons button[name='action_start']",
            run: "click",
        },
        {
            content: "Under way: Finish and Parts Used now under the thumb",
            trigger: ".o_after_sales_thumb_buttons:has(button[name='action_finish']):has(button[name='action_onsite_parts'])",
        },
        {
            content: "Tick the first check OK, in one tap",
            trigger: "div[name='check_ids'] .o_data_row:first-child button[name='action_result_ok']",
            run: "click",
        },
        {
            content: "The check reads OK",
            trigger: "div[name='check_ids'] .o_data_row:first-child.text-success",
        },
        {
            content: "Record the part taken from the van",
            trigger: ".o_after_sales_thumb_buttons button[name='action_onsite_parts']",
            run: "click",
        },
        {
            content: "The van is chosen; add a part",
            trigger: ".modal div[name='line_ids'] .o-kanban-button-new, .modal div[name='line_ids'] button:contains('Add')",
            run: "click",
        },
        {
            content: "Pick the part",
            trigger: ".modal .o_form_view div[name='product_id'] input",
            run: "click",
        },
        {
            content: "What the van holds comes first, with how many it holds",
            trigger:
                ".modal .o_after_sales_van_parts .o_kanban_record:first-child:contains('Tour Filter'):contains('3 in the van')",
            run: "click",
        },
        {
            content: "The part form says what the van holds",
            trigger: ".modal .o_form_view div[name='available_quantity']:contains('3')",
        },
        {
            content: "Keep the part",
            trigger: ".modal:has(div[name='available_quantity']) .modal-footer .o_form_button_save, .modal:has(div[name='available_quantity']) .modal-footer button:contains('Save')",
            run: "click",
        },
        {
            content: "The part's card, with what the van holds",
            trigger: ".modal div[name='line_ids'] .o_kanban_record:contains('Tour Filter'):contains('In the van')",
        },
        {
            content: "Consume it",
            trigger: ".modal-footer button[name='action_confirm'], .modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "Told what was consumed",
            trigger: ".o_notification:contains('consumed')",
        },
        {
            content: "Go to the parts and labour",
            trigger: ".o_notebook .nav-link:contains('Parts and Labour')",
            run: "click",
        },
        {
            content: "The part is listed",
            trigger: "div[name='parts_move_ids'] .o_data_row:contains('Tour Filter')",
        },
        {
            content: "Add the labour",
            trigger: "div[name='labour_line_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "What was done",
            trigger: "div[name='labour_line_ids'] .o_data_row [name='name'] input",
            run: "edit Replaced the filter",
        },
        {
            content: "How long",
            trigger: "div[name='labour_line_ids'] .o_data_row [name='hours'] input",
            run: "edit 0:45",
        },
        {
            content: "Leave the line",
            trigger: ".o_notebook .nav-link.active:contains('Parts and Labour')",
            run: "click",
        },
        {
            content: "The labour is recorded",
            trigger: "div[name='labour_line_ids'] .o_data_row:not(.o_selected_row):contains('Replaced the filter'):contains('00:45')",
        },
        {
            content: "Go to the sign-off",
            trigger: ".o_notebook .nav-link:contains('Sign-off')",
            run: "click",
        },
        {
            content: "Who signs",
            trigger: "div[name='signed_by'] input",
            run: "edit Tour Day Signer",
        },
        {
            content: "Hand over the phone to sign",
            trigger: "div[name='signature'] .o_signature",
            run: "click",
        },
        {
            content: "Nothing drawn, nothing to adopt",
            trigger: ".modal .btn-primary:contains('Adopt & Sign'):disabled",
        },
        {
            content: "The customer draws their signature with a finger",
            trigger: ".modal canvas.o_web_sign_signature",
            async run() {
                await drawOn(this.anchor);
            },
        },
        {
            content: "The customer adopts it",
            trigger: ".modal .btn-primary:contains('Adopt & Sign'):enabled",
            run: "click",
        },
        {
            content: "Signed",
            trigger: "div[name='signature'] img.o_signature",
        },
        {
            content: "Finish the visit with the thumb",
            trigger: ".o_after_sales_thumb_buttons button[name='action_finish']",
            run: "click",
        },
        {
            content: "The visit is done and the report is on its way",
            trigger: ".o_notification:contains('report')",
        },
    ],
});
