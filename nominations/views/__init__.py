"""Thin views: they read through `selectors`, write through `services`, and show the
services' messages as they are."""
