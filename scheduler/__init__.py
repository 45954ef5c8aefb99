"""Scheduling: matching people to sessions and building supervisor rotas.

Each feature (`matching`, `rota`) keeps its pure engine in an `engine` subpackage that takes and
returns plain dataclasses and never imports Django; the feature's `adapter` maps the models to it.
"""
