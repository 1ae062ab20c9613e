"""okr-assistant: write OKRs that fit your organisation, and review a team's OKRs fast and fairly."""

__version__ = "0.1.0"
