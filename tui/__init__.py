"""The Textual drafting workspace (`okr draft`). Only this package imports textual."""
