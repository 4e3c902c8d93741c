"""Keeps patient-link tokens out of the logs.

The phone page's address holds the key to it (/h/<token>), and Django logs the path of
every answer of 400 and up ("Not Found: /h/..."), as does the development server for
every request. This filter, on the log handlers, blanks the token in any message."""

import logging
import re

TOKEN_IN_PATH = re.compile(r"/h/[A-Za-z0-9_-]+")


class HidePatientLinks(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        hidden = TOKEN_IN_PATH.sub("/h/[link]", message)
        if hidden != message:
            record.msg, record.args = hidden, ()
        return True
