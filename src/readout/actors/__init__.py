"""Actors: people, organisations, places and groups resolved to CAMEO actor codes."""
from readout.actors.resolve import actor_at, resolve_actors

__all__ = ["resolve_actors", "actor_at"]
