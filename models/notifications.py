"""What a button says once it has done its work (Odoo's notification, then the view
reloads with the new state)."""


def notification(env, message, *, close=False):
    """The action showing ``message``; ``close`` closes the wizard it came from."""
    return {
        "type": "ir.actions.client",
        "tag": "display_notification",
        "params": {
            "type": "success",
            "message": message,
            "next": {"type": "ir.actions.act_window_close"}
            if close
            else {"type": "ir.actions.client", "tag": "soft_reload"},
        },
    }
