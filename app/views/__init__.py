"""Qt views: the main window, one package per page, dialogs, charts and the theme."""
