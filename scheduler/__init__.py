"""Matching and rota engines. The engine modules take and return plain dataclasses and never
import Django; `scheduler.adapters` maps the models to them."""
