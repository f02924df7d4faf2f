"""Text messages (issue 19.3): a client's verified mobile number, the messages sent to it and
their delivery, the practice's quiet hours, and the backends that send (printed to the console,
or an HTTP gateway whose delivery reports and replies such as STOP come back to signed webhooks).
"""
