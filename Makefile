# after_sales - developer commands. `make run` and `make test` set up what they need
# on a fresh Debian/Ubuntu machine: Odoo 18.0 (tools/bootstrap.py), PostgreSQL
# (tools/postgres.py), then only the packages that the command itself needs.

ADDON      := after_sales
PYTHON     ?= python3
# Where Odoo 18.0 comes from when $(PYTHON) does not import it: a source tree of
# your own (ODOO_SRC), else a shallow clone of ODOO_REPO at ODOO_BRANCH.
ODOO_SRC   ?=
ODOO_REPO  ?= https://github.com/odoo/odoo.git
ODOO_BRANCH ?= 18.0
BUILD      := $(CURDIR)/.build
ADDONS_DIR := $(BUILD)/addons
MODULE_DIR := $(ADDONS_DIR)/$(ADDON)
# pytest resolves symlinks, and pytest-odoo names the module after its directory:
# the suite runs on a copy of this checkout named after the add-on.
TEST_ADDONS := $(BUILD)/test-addons
TEST_DB    ?= $(ADDON)_test_$(shell echo $$$$)
DEMO_DB    ?= $(ADDON)_demo
HTTP_PORT  ?= 8069
UPDATE     ?=
PYTEST_ARGS ?=
# The Python that runs Odoo, written by `tools/bootstrap.py odoo`.
PY         := $(BUILD)/bin/python
ODOO       := $(PY) -m odoo
# Expanded when a recipe runs, after the `odoo` step wrote $(PY).
ODOO_ADDONS = $(shell $(PY) tools/odoo_addons_path.py)
LOGS       := $(BUILD)/logs

.PHONY: help odoo postgres link test-copy demo run test test-dates test-odoo uninstall-check lint bench pot po screenshots clean

help:
	@echo "make run    - demo database $(DEMO_DB) with the add-on, served on http://localhost:$(HTTP_PORT) (admin / admin)"
	@echo "make test   - fresh database, install the add-on, run the whole suite with pytest"
	@echo "make test-dates - the suite again at each hard date of tools/test_clocks.py (year end, 29 Feb, DST...)"
	@echo "make test-odoo - Odoo's own tests of Repair, Inventory, Sales and Invoicing, with the add-on installed"
	@echo "                 (ODOO_ALONE=1: on the add-on's dependencies only, to compare)"
	@echo "make uninstall-check - uninstall the add-on from the demo database, use Odoo's apps, reinstall"
	@echo "make lint   - ruff and pylint-odoo"
	@echo "make demo   - install or update the demo database without serving it"
	@echo "make bench  - benchmark figures; make pot - refresh the translation template"
	@echo "make po     - merge the template into every i18n/*.po (es_419: only where it differs)"
	@echo "Variables: PYTHON ODOO_SRC ODOO_REPO ODOO_BRANCH DEMO_DB TEST_DB HTTP_PORT UPDATE=1 PYTEST_ARGS"

odoo:
	@$(PYTHON) tools/bootstrap.py odoo --python '$(PYTHON)' --repo '$(ODOO_REPO)' --branch '$(ODOO_BRANCH)' --src '$(ODOO_SRC)'

postgres: odoo
	@$(PY) tools/postgres.py ensure

# Odoo names an add-on after its directory: expose this checkout as after_sales.
link:
	@mkdir -p $(ADDONS_DIR)
	@ln -sfn $(CURDIR) $(MODULE_DIR)

test-copy:
	@rm -rf $(TEST_ADDONS) && mkdir -p $(TEST_ADDONS)/$(ADDON)
	@tar -C $(CURDIR) --exclude=./.build --exclude=./.git -cf - . | tar -C $(TEST_ADDONS)/$(ADDON) -xf -

demo: postgres link
	@$(PYTHON) tools/bootstrap.py deps run
	@$(PY) tools/demo.py prepare --database '$(DEMO_DB)' --addons-path '$(ODOO_ADDONS),$(ADDONS_DIR)' $(if $(UPDATE),--update)

run: demo
	@$(PY) tools/demo.py serve --database '$(DEMO_DB)' --addons-path '$(ODOO_ADDONS),$(ADDONS_DIR)' --port '$(HTTP_PORT)'

test: postgres test-copy
	@$(PYTHON) tools/bootstrap.py deps run
	@$(PYTHON) tools/bootstrap.py deps test
	@set -e; db=$(TEST_DB); \
	trap '$(PY) $(CURDIR)/tools/postgres.py drop '"$$db"'' EXIT; \
	echo "Installing $(ADDON) into a fresh database $$db (about 2 minutes; log: $(LOGS)/$$db.log) ..."; \
	$(ODOO) --addons-path=$(ODOO_ADDONS),$(TEST_ADDONS) --data-dir=$(BUILD)/data --logfile=$(LOGS)/$$db.log \
	  -d $$db -i $(ADDON) --stop-after-init --max-cron-threads=0 || \
	  { tail -n 40 $(LOGS)/$$db.log; echo "Installing $(ADDON) failed: the whole log is in $(LOGS)/$$db.log."; exit 1; }; \
	echo "Running the suite (pytest-odoo, browser tour included) ..."; \
	cd $(TEST_ADDONS) && PYTHONPATH=$(CURDIR)/tools AFTER_SALES_TEST_CLOCK=$(AFTER_SALES_TEST_CLOCK) \
	  $(PY) -m pytest -p no:cacheprovider \
	  $(if $(AFTER_SALES_TEST_CLOCK),-p pytest_clock) --rootdir=$(TEST_ADDONS) $(ADDON)/tests \
	  --odoo-database=$$db --odoo-addons-path=$(ODOO_ADDONS),$(TEST_ADDONS) --odoo-http \
	  --odoo-extra=data-dir=$(BUILD)/data $(PYTEST_ARGS)

# The whole suite with its clock started at each moment where dates bite (TEST_CLOCKS,
# by default the next ones from today): tests/conftest.py freezes the clock.
TEST_CLOCKS ?= $(shell $(PYTHON) tools/test_clocks.py)
test-dates:
	@set -e; for clock in $(TEST_CLOCKS); do \
	  echo "=== The suite with the clock at $$clock (UTC) ==="; \
	  AFTER_SALES_TEST_CLOCK=$$clock $(MAKE) --no-print-directory test; \
	done

# Odoo 18.0's own tests of the apps the add-on extends, on a fresh database (no demo
# data) where after_sales is installed: tools/odoo_suites.py lists them, and
# tools/odoo_known_failures.txt the few that fail in Odoo alone too.
test-odoo: postgres test-copy
	@$(PYTHON) tools/bootstrap.py deps run
	@$(PYTHON) tools/bootstrap.py deps test
	@set -e; db=$(ADDON)_odoo_$$$$; \
	trap '$(PY) $(CURDIR)/tools/postgres.py drop '"$$db"'' EXIT; \
	modules=$$($(PY) tools/odoo_suites.py modules $(if $(ODOO_ALONE),--odoo-alone)); \
	echo "Installing $$modules into a fresh database $$db (log: $(LOGS)/$$db.log) ..."; \
	$(ODOO) --addons-path=$(ODOO_ADDONS),$(TEST_ADDONS) --data-dir=$(BUILD)/data --logfile=$(LOGS)/$$db.log \
	  -d $$db -i $$modules --stop-after-init --max-cron-threads=0 --without-demo=all || \
	  { tail -n 40 $(LOGS)/$$db.log; echo "Installing $$modules failed: the whole log is in $(LOGS)/$$db.log."; exit 1; }; \
	$(PY) tools/odoo_suites.py prepare --database $$db --addons-path $(ODOO_ADDONS),$(TEST_ADDONS); \
	echo "Running Odoo's own tests (pytest-odoo, about 8 minutes) ..."; \
	$(PY) tools/odoo_suites.py run --database $$db --addons-path $(ODOO_ADDONS),$(TEST_ADDONS) $(PYTEST_ARGS)

# Uninstall the add-on from the demo database (DEMO_DB, made by `make demo`), check
# that Odoo's apps are whole and work, install it again (tools/uninstall_check.py).
uninstall-check: postgres link
	@$(PYTHON) tools/bootstrap.py deps run
	$(PY) tools/uninstall_check.py --database '$(DEMO_DB)' --addons-path '$(ODOO_ADDONS),$(ADDONS_DIR)' \
	  --data-dir '$(BUILD)/data'

lint: odoo test-copy
	@$(PYTHON) tools/bootstrap.py deps lint
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pylint --rcfile=.pylintrc $(TEST_ADDONS)/$(ADDON)

bench: postgres test-copy
	@$(PYTHON) tools/bootstrap.py deps run
	@set -e; db=$(ADDON)_bench_$$$$; \
	trap '$(PY) $(CURDIR)/tools/postgres.py drop '"$$db"'' EXIT; \
	echo "Fetching OCA's helpdesk_mgmt 18.0 wheels for the intake anchor ..."; \
	oca=$$($(PY) bench/oca_anchor.py --dest $(BUILD)/oca); \
	paths=$(ODOO_ADDONS),$(TEST_ADDONS),$$oca; \
	echo "Installing $(ADDON) and the anchors into $$db (log: $(LOGS)/$$db.log) ..."; \
	$(ODOO) --addons-path=$$paths --data-dir=$(BUILD)/data --logfile=$(LOGS)/$$db.log \
	  -d $$db -i $(ADDON),helpdesk_mgmt,helpdesk_mgmt_sla --stop-after-init --without-demo=all; \
	$(PY) bench/bench_tickets.py --database $$db --addons-path $$paths; \
	$(PY) bench/bench_scale.py --database $$db --addons-path $$paths $(BENCH_SCALE_ARGS); \
	$(PY) bench/bench_intake.py --database $$db --addons-path $$paths; \
	$(PY) bench/bench_visits.py --database $$db --addons-path $$paths; \
	$(PY) bench/bench_invoice_xlsx.py --database $$db --addons-path $$paths \
	  $(if $(BENCH_INVOICES),--sizes $(BENCH_INVOICES)); \
	alone=$(ADDON)_alone_$$$$; \
	trap '$(PY) $(CURDIR)/tools/postgres.py drop '"$$db"'; $(PY) $(CURDIR)/tools/postgres.py drop '"$$alone"'' EXIT; \
	echo "Installing Odoo alone (the add-on's dependencies) into $$alone ..."; \
	$(ODOO) --addons-path=$(ODOO_ADDONS) --data-dir=$(BUILD)/data --logfile=$(LOGS)/$$alone.log \
	  -d $$alone -i $$($(PY) tools/odoo_suites.py dependencies) --stop-after-init --without-demo=all; \
	$(PY) bench/bench_odoo_alone.py --database $$alone --database $$db --addons-path $$paths

# Refresh i18n/after_sales.pot from a fresh database (exported from the test copy,
# which holds no .build directory for Odoo to wander into).
pot: postgres test-copy
	@set -e; db=$(ADDON)_pot_$$$$; \
	trap '$(PY) $(CURDIR)/tools/postgres.py drop '"$$db"'' EXIT; \
	$(ODOO) --addons-path=$(ODOO_ADDONS),$(TEST_ADDONS) --data-dir=$(BUILD)/data --logfile=$(LOGS)/$$db.log \
	  -d $$db -i $(ADDON) --stop-after-init --without-demo=all; \
	$(ODOO) --addons-path=$(ODOO_ADDONS),$(TEST_ADDONS) --data-dir=$(BUILD)/data --logfile=$(LOGS)/$$db.log \
	  -d $$db --i18n-export=$(CURDIR)/i18n/$(ADDON).pot --modules=$(ADDON) --stop-after-init

# Merge the template into each language: translators' comments kept, no fuzzy guess, no
# obsolete entry; es_419.po keeps only the entries whose Latin-American words differ.
po:
	@set -e; for po in i18n/*.po; do \
	  msgmerge --quiet --no-fuzzy-matching --update --backup=none $$po i18n/$(ADDON).pot; \
	  if [ "$$(basename $$po)" = es_419.po ]; then \
	    msgattrib --no-obsolete --translated -o $$po $$po; \
	  else \
	    msgattrib --no-obsolete -o $$po $$po; \
	  fi; \
	  echo "$$po: $$(msgattrib --untranslated $$po | grep -c '^msgid' || true) entries to translate"; \
	done

# README pictures, taken with Chromium from the demo database (served on HTTP_PORT).
screenshots: demo
	@$(PYTHON) tools/bootstrap.py deps test
	@$(PY) tools/screenshots.py --database '$(DEMO_DB)' --addons-path '$(ODOO_ADDONS),$(ADDONS_DIR)' \
	  --port '$(HTTP_PORT)' --output static/description

clean:
	rm -rf $(BUILD)
