import rich
import pygments.lexers
import markdown_it
import rich_toolbelt2
