{
    "name": "After-Sales Service",
    "summary": "Service tickets on kanban boards with SLA clocks, "
    "warranty cards, repairs and customer visits",
    "version": "18.0.1.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/after-sales/after_sales",
    "author": "after_sales developers",
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": [
        "mail",
        "portal",
        "rating",
        "resource",
        "stock",
    ],
    "data": [
        "security/after_sales_security.xml",
        "security/ir.model.access.csv",
        "data/mail_template_data.xml",
        "data/after_sales_stage_data.xml",
        "data/after_sales_sla_policy_data.xml",
        "data/ir_cron_data.xml",
        "data/after_sales_warranty_data.xml",
        "views/after_sales_ticket_views.xml",
        "views/after_sales_team_views.xml",
        "views/after_sales_stage_views.xml",
        "views/after_sales_sla_policy_views.xml",
        "views/after_sales_tag_views.xml",
        "views/after_sales_warranty_card_views.xml",
        "views/after_sales_menus.xml",
    ],
    "demo": [
        "demo/after_sales_team_demo.xml",
        "demo/after_sales_warranty_demo.xml",
        "demo/after_sales_ticket_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "after_sales/static/src/scss/after_sales.scss",
        ],
        "web.assets_tests": [
            "after_sales/static/tests/tours/*.js",
        ],
    },
}
