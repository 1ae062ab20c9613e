"""The workspace's panes (About you, Upper OKRs, Suggestions, My OKRs, Export) and the help screen."""
