"""Supervisor rotas: build, edit and publish a rota; supervisors' own rota and calendar feed.

The engine is `scheduler.rota.engine` (no Django); `python -m scheduler.rota` is its command line.
"""
