"""The Telegram desk: reporters file updates from Telegram, through the newsroom's bot.

Telegram posts each message sent to the bot to ``/telegram/webhook/`` (``views``), with
the secret token given when the webhook was set. ``messages`` reads the parts of
Telegram's update this uses (and refuses any other shape); ``desk`` decides what a
message means: ``/link <code>`` ties a Telegram account to a newsroom account (a code
from the admin, ``TelegramLink``), ``/story <slug>`` chooses the story, and anything
else from a linked account becomes an update of that story, as a draft for those who
may publish and a submission for review for contributors, through the desk's forms
and saving (``stories.desk.saving``). Photos are fetched with the Bot API's getFile;
every call to Telegram goes through ``stories.safe_fetch`` (``botapi``). Messages from
accounts that are not linked are refused, answered and logged.
"""
