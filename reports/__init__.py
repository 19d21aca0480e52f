"""Charts and exports shared by the bot, the reports and the Mini App."""
