# The commands: `make demo` brings up the service with demo data on SQLite (the development
# server); `make serve` runs it as production does (gunicorn, a Celery worker and beat, PostgreSQL
# and Redis, DEBUG off); `make test` runs the suite (SQLite unless DATABASE_URL says otherwise).
# Each installs what it needs and is safe to run again.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Postcode areas of the demo regions (North East and Wales). `make postcodes-all` loads all of GB.
DEMO_POSTCODE_AREAS ?= NE,SR,DH,DL,TS,CF,NP,SA,LL,LD,SY,CH

# `make smoke`: the coordinator's pages and the register API on PostgreSQL, once each at a small size
.PHONY: pango test-dates demo serve test smoke lint format bench install install-test npm browser postcodes-all clean

demo: install npm
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_postcodes --areas $(DEMO_POSTCODE_AREAS) --skip-loaded
	DEBUG=1 $(BIN)/python manage.py seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production-like: PostgreSQL and Redis started as CI starts them, the demo data loaded once, static
# files collected, then gunicorn, a Celery worker and Celery beat (scripts/serve). A secret key is
# made once and kept in .serve-secret-key. Plain HTTP on the loopback, so cookies are not marked
# secure; the second factor is on, as in production (SERVE_MFA=false to sign in with a password).
SERVE_DB ?= upw_serve
SERVE_REDIS ?= redis://127.0.0.1:6379
SERVE_BROKER_DB ?= 2
SERVE_CACHE_DB ?= 3
SERVE_MFA ?= true
SERVE_ENV = DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/$(SERVE_DB) \
	CELERY_BROKER_URL=$(SERVE_REDIS)/$(SERVE_BROKER_DB) REDIS_URL=$(SERVE_REDIS)/$(SERVE_CACHE_DB) \
	SECRET_KEY="$$(cat .serve-secret-key)" ALLOWED_HOSTS=127.0.0.1,localhost PUBLIC_URL=http://$(HOST):$(PORT) \
	SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0 UPW_ALLOW_CONSOLE_EMAIL=1 \
	UPW_MFA_ENFORCED=$(SERVE_MFA) GUNICORN_BIND=$(HOST):$(PORT)

serve: install npm .serve-secret-key
	bash scripts/start-services
	PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$(SERVE_DB)'" | grep -q 1 \
	  || PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -d postgres -qc 'CREATE DATABASE "$(SERVE_DB)"'
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput -v 0
	$(SERVE_ENV) $(BIN)/python manage.py load_postcodes --areas $(DEMO_POSTCODE_AREAS) --skip-loaded
	$(SERVE_ENV) $(BIN)/python manage.py seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/ with gunicorn, a Celery worker and beat (Ctrl-C to stop)"
	$(SERVE_ENV) VENV=$(VENV) bash scripts/serve

.serve-secret-key: | $(BIN)/python
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

postcodes-all: install
	DEBUG=1 $(BIN)/python manage.py load_postcodes

test: install-test npm browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

# The suite (browser tests and the API fuzz aside: the fuzz pins its own clock) on the awkward days
# of the year, each a clock that starts there and ticks: a month end on a Sunday, Christmas Day,
# a leap day, and both clock changes (01:00 UTC).
TEST_DATES ?= 2027-01-31T09:00 2026-12-25T09:00 2028-02-29T09:00 2027-03-28T00:55 2027-10-31T00:55
test-dates: install-test
	@for today in $(TEST_DATES); do \
	  echo "== tests as if today were $$today"; \
	  UPW_TEST_TODAY=$$today PYTHONPATH=. $(BIN)/pytest -q -p tests.pinned_today -m "not browser and not fuzz" $(PYTEST_ARGS) || exit 1; \
	done

# Smoke run on PostgreSQL, in a scratch database made for it and dropped after, whatever happens: a
# coordinator's pages on a generated region (rolled back), then the register API under gunicorn with
# phones syncing at once. Fails when a page or a request errs or the ledger is not exact; the timings
# are reported (bench-smoke-*.json), never judged, as the machine running it may be busy.
SMOKE_DB ?= upw_smoke
SMOKE_PEOPLE ?= 2000
SMOKE_CLIENTS ?= 50
SMOKE_PSQL = PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -qc
SMOKE_ENV = DEBUG=1 DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/$(SMOKE_DB)

smoke: install
	$(SMOKE_PSQL) 'DROP DATABASE IF EXISTS "$(SMOKE_DB)" WITH (FORCE)'
	$(SMOKE_PSQL) 'CREATE DATABASE "$(SMOKE_DB)"'
	@status=0; \
	$(SMOKE_ENV) $(BIN)/python manage.py migrate --noinput -v 0 \
	  && $(SMOKE_ENV) $(BIN)/python manage.py bench_pages --people $(SMOKE_PEOPLE) --json bench-smoke-pages.json \
	  && $(SMOKE_ENV) $(BIN)/python manage.py bench_attendance --clients $(SMOKE_CLIENTS) --json bench-smoke-attendance.json \
	  || status=$$?; \
	$(SMOKE_PSQL) 'DROP DATABASE IF EXISTS "$(SMOKE_DB)" WITH (FORCE)'; \
	exit $$status

# Matching benchmark: a scratch SQLite database, each region generated and rolled back.
BENCH_DB ?= sqlite:////tmp/upw-bench.sqlite3
BENCH_PEOPLE ?= 1000 5000 20000

bench: install bench-rota
	DEBUG=1 DATABASE_URL=$(BENCH_DB) $(BIN)/python manage.py migrate --noinput -v 0
	@for n in $(BENCH_PEOPLE); do \
	  echo "== $$n people"; \
	  DEBUG=1 DATABASE_URL=$(BENCH_DB) $(BIN)/python manage.py bench_matching --people $$n --json bench-matching-$$n.json || exit 1; \
	done

# Rota benchmark: synthetic regions, no database. Sizes as supervisors x weeks.
BENCH_ROTA_SIZES ?= 20x2 20x4 60x2 60x4 150x2 150x4
.PHONY: bench-rota
bench-rota: install
	@for size in $(BENCH_ROTA_SIZES); do \
	  n=$${size%x*}; w=$${size#*x}; \
	  DEBUG=1 $(BIN)/python manage.py bench_rota --supervisors $$n --weeks $$w --json bench-rota-$$size.json || exit 1; \
	done

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

install: $(VENV)/.installed pango
install-test: $(VENV)/.installed-test pango
npm: node_modules/.package-lock.json

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

# WeasyPrint, which makes the letters' PDFs, draws text with the system's Pango.
pango:
	@ldconfig -p | grep -q libpangoft2-1.0 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation >/dev/null; \
	  elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq && sudo apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation >/dev/null; \
	  else echo "Pango is not installed: letters cannot be made as PDFs"; fi; }

# Browser tests drive Debian's Chromium (Playwright's own browser download cannot work here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is not installed: browser tests will be skipped"; fi; }

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
