"""Pure-Python services: everything Accord knows, without Qt.

Views and the command line both call these modules, so a button and its headless
command cannot drift apart.
"""
