"""`microlesson demo`: a day of the bot against the built-in Telegram double, no token needed."""
