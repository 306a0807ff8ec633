"""Widgets and windows; one Qt driver feeds the core its clock."""
