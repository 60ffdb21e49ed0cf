/** @odoo-module **/

import { registry } from "@web/core/registry";

function backToTicket() {
    return {
        content: "Back to the ticket",
        trigger: ".o_breadcrumb .breadcrumb-item a:contains('Tour: washer leaks')",
        run: "click",
    };
}

function validateTransfer(what) {
    return [
        {
            content: `Validate the ${what}`,
            trigger: ".o_form_view button[name='button_validate']",
            run: "click",
        },
        {
            content: `The ${what} is done`,
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
    ];
}

registry.category("web_tour.tours").add("after_sales_workshop", {
    steps: () => [
        {
            content: "Receive the customer's unit",
            trigger: ".o_form_view button[name='action_receive_product']",
            run: "click",
        },
        ...validateTransfer("receipt"),
        backToTicket(),
        {
            content: "The unit is in the workshop: create its repair",
            trigger: ".o_form_view:has(.ribbon:contains('In Workshop')) button[name='action_create_repair']",
            run: "click",
        },
        {
            content: "Add a part",
            trigger: "div[name='move_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "The door seal",
            trigger: "div[name='move_ids'] .o_selected_row .o_list_many2one[name='product_id'] input",
            run: "edit Tour Door Seal",
        },
        {
            content: "Pick it",
            trigger: ".ui-menu-item-wrapper:contains('Tour Door Seal')",
            run: "click",
        },
        {
            content: "Save the repair with its part",
            trigger: "div[name='move_ids'] .o_selected_row .o_list_many2one[name='product_id'] input:value('Tour Door Seal')",
            run() {
                document.querySelector(".o_form_view .o_form_button_save").click();
            },
        },
        {
            content: "The repair is saved and numbered",
            trigger: ".o_breadcrumb:contains('RO/')",
        },
        {
            content: "Open the labour page",
            trigger: ".o_notebook .nav-link:contains('Labour')",
            run: "click",
        },
        {
            content: "Record labour",
            trigger: "div[name='labour_line_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "An hour and a half",
            trigger: "div[name='labour_line_ids'] .o_selected_row div[name='hours'] input",
            run: "edit 1:30",
        },
        {
            content: "Save the repair with its labour",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The labour is recorded",
            trigger: "div[name='labour_line_ids'] .o_data_row:not(.o_selected_row):contains('01:30')",
        },
        {
            content: "Confirm the repair",
            trigger: ".o_form_view button[name='action_validate']",
            run: "click",
        },
        {
            content: "Confirmed without any stock warning",
            trigger: "body:not(:has(.modal)) .o_form_view button[name='action_repair_start']",
            run: "click",
        },
        {
            content: "End the repair",
            trigger: ".o_form_view button[name='action_repair_end']",
            run: "click",
        },
        {
            content: "The repair is done",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Repaired')",
        },
        {
            content: "Open its ticket",
            trigger: ".o_form_view button[name='action_open_after_sales_ticket']",
            run: "click",
        },
        {
            content: "Return the unit to its customer",
            trigger: ".o_form_view button[name='action_return_product']",
            run: "click",
        },
        ...validateTransfer("return"),
        backToTicket(),
        {
            content: "The ticket is solved by itself",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Solved')",
        },
        {
            content: "and its chatter tells the story",
            trigger: ".o-mail-Message:contains('Unit returned to the customer')",
        },
    ],
});
