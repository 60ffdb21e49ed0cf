# after_sales - developer commands. Odoo 18.0 and PostgreSQL are prerequisites
# (see README.md); this Makefile installs only what the add-on itself needs.

ADDON      := after_sales
PYTHON     ?= python3
BUILD      := $(CURDIR)/.build
ADDONS_DIR := $(BUILD)/addons
MODULE_DIR := $(ADDONS_DIR)/$(ADDON)
# pytest resolves symlinks, and pytest-odoo names the module after its directory:
# the suite runs on a copy of this checkout named after the add-on.
TEST_ADDONS := $(BUILD)/test-addons
TEST_DB    ?= $(ADDON)_test_$(shell echo $$$$)
DEMO_DB    ?= $(ADDON)_demo
HTTP_PORT  ?= 8069
ODOO       := $(PYTHON) -m odoo
ODOO_ADDONS = $(shell $(PYTHON) tools/odoo_addons_path.py)
ODOO_OPTS   = --addons-path=$(ODOO_ADDONS),$(ADDONS_DIR) --data-dir=$(BUILD)/data

.PHONY: help check deps link test-copy run test lint bench pot clean

help:
	@echo "make run   - demo database with the add-on, served on http://localhost:$(HTTP_PORT) (admin/admin)"
	@echo "make test  - fresh database, install the add-on, run the whole suite with pytest"
	@echo "make lint  - ruff and pylint-odoo"

check:
	@$(PYTHON) -c "import odoo.release as r; assert r.version_info[:2] == (18, 0)" 2>/dev/null || \
	  { echo "Odoo 18.0 is not importable as 'odoo' by $(PYTHON): install Odoo 18.0 first (see README.md)."; exit 1; }
	@$(PYTHON) tools/check_postgres.py

deps: check
	@$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  { echo "Chromium is needed for the browser tours: install the 'chromium' package."; exit 1; }
	@command -v wkhtmltopdf >/dev/null 2>&1 || \
	  { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wkhtmltopdf >/dev/null; } || \
	  echo "Note: install the 'wkhtmltopdf' package to print PDF reports."

# Odoo names an add-on after its directory: expose this checkout as after_sales.
link:
	@mkdir -p $(ADDONS_DIR)
	@ln -sfn $(CURDIR) $(MODULE_DIR)

test-copy:
	@rm -rf $(TEST_ADDONS) && mkdir -p $(TEST_ADDONS)/$(ADDON)
	@tar -C $(CURDIR) --exclude=./.build --exclude=./.git -cf - . | tar -C $(TEST_ADDONS)/$(ADDON) -xf -

run: deps link
	$(ODOO) $(ODOO_OPTS) -d $(DEMO_DB) -i $(ADDON) -u $(ADDON) --stop-after-init --log-level=warn
	@echo "Serving Odoo on http://localhost:$(HTTP_PORT) - login admin / admin"
	$(ODOO) $(ODOO_OPTS) -d $(DEMO_DB) --db-filter='^$(DEMO_DB)$$' --http-port=$(HTTP_PORT)

test: deps test-copy
	@set -e; db=$(TEST_DB); \
	trap '$(PYTHON) $(CURDIR)/tools/check_postgres.py --drop '"$$db"'' EXIT; \
	echo "Installing $(ADDON) in a fresh database $$db ..."; \
	$(ODOO) --addons-path=$(ODOO_ADDONS),$(TEST_ADDONS) --data-dir=$(BUILD)/data \
	  -d $$db -i $(ADDON) --stop-after-init --log-level=warn --max-cron-threads=0; \
	cd $(TEST_ADDONS) && $(PYTHON) -m pytest -p no:cacheprovider --rootdir=$(TEST_ADDONS) $(ADDON)/tests \
	  --odoo-database=$$db --odoo-addons-path=$(ODOO_ADDONS),$(TEST_ADDONS) --odoo-http \
	  --odoo-extra=data-dir=$(BUILD)/data $(PYTEST_ARGS)

lint: deps test-copy
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .
	$(PYTHON) -m pylint --rcfile=.pylintrc $(TEST_ADDONS)/$(ADDON)

bench: deps test-copy
	@set -e; db=$(ADDON)_bench_$$$$; \
	trap '$(PYTHON) $(CURDIR)/tools/check_postgres.py --drop '"$$db"'' EXIT; \
	$(ODOO) --addons-path=$(ODOO_ADDONS),$(TEST_ADDONS) --data-dir=$(BUILD)/data \
	  -d $$db -i $(ADDON) --stop-after-init --log-level=warn --without-demo=all; \
	$(PYTHON) bench/bench_tickets.py --database $$db --addons-path $(ODOO_ADDONS),$(TEST_ADDONS); \
	$(PYTHON) bench/bench_invoice_xlsx.py --database $$db --addons-path $(ODOO_ADDONS),$(TEST_ADDONS) \
	  $(if $(BENCH_INVOICES),--sizes $(BENCH_INVOICES))

# Refresh i18n/after_sales.pot from a fresh database (exported from the test copy,
# which holds no .build directory for Odoo to wander into).
pot: check test-copy
	@set -e; db=$(ADDON)_pot_$$$$; \
	trap '$(PYTHON) $(CURDIR)/tools/check_postgres.py --drop '"$$db"'' EXIT; \
	$(ODOO) --addons-path=$(ODOO_ADDONS),$(TEST_ADDONS) --data-dir=$(BUILD)/data \
	  -d $$db -i $(ADDON) --stop-after-init --log-level=warn --without-demo=all; \
	$(ODOO) --addons-path=$(ODOO_ADDONS),$(TEST_ADDONS) --data-dir=$(BUILD)/data \
	  -d $$db --i18n-export=$(CURDIR)/i18n/$(ADDON).pot --modules=$(ADDON) \
	  --stop-after-init --log-level=warn

clean:
	rm -rf $(BUILD)
