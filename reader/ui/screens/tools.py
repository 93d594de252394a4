"""Small modal forms for the user's tools: the command to pipe the article to (`|`), the file to
export it into (`E`), and whether to replace a file that is there already."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, RadioButton, RadioSet
from textual.widgets.option_list import Option

from reader.ui.screens.pickers import PickerScreen

PipeRequest = tuple[str, str]  # (shell command, "source" | "rendered")
ExportRequest = tuple[str, str]  # (file name, "text" | "html")

PIPE_SOURCES = (("source", "Markdown source"), ("rendered", "Rendered text"))
EXPORT_FORMATS = (("text", "Plain text"), ("html", "HTML"))

# Type selectors match subclasses: `ChoiceForm` styles both forms.
FORM_CSS = """
ChoiceForm {
    align: center middle;
    background: $background 60%;
}
ChoiceForm > Vertical {
    width: 80;
    max-width: 95%;
    height: auto;
    border: round $accent;
    background: $surface;
    padding: 0 1;
}
ChoiceForm RadioSet {
    layout: horizontal;
    width: 100%;
    border: none;
    background: $surface;
}
ChoiceForm Label {
    width: 100%;
    color: $text-muted;
}
"""


class ChoiceForm(ModalScreen[tuple[str, str] | None]):
    """A line to type (Enter submits) and a choice of two (Tab reaches it); Escape cancels."""

    DEFAULT_CSS: ClassVar[str] = FORM_CSS
    SCOPED_CSS: ClassVar[bool] = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Cancel", show=False, id="form.cancel")
    ]

    TITLE_TEXT = ""
    HINT = "Enter runs · Tab: choose · Esc cancels"
    PLACEHOLDER = ""
    CHOICES: ClassVar[tuple[tuple[str, str], ...]] = ()

    def __init__(self, value: str, choice: str) -> None:
        super().__init__()
        self.value = value
        self.choice = choice if choice in dict(self.CHOICES) else self.CHOICES[0][0]

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.TITLE_TEXT
            box.border_subtitle = self.HINT
            yield Input(value=self.value, placeholder=self.PLACEHOLDER, id="form-line")
            with RadioSet(id="form-choice"):
                for key, label in self.CHOICES:
                    yield RadioButton(label, value=key == self.choice, id=f"choice-{key}")
            yield Label(self.note())

    def note(self) -> Text:
        return Text()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(RadioSet.Changed)
    def _chosen(self, event: RadioSet.Changed) -> None:
        event.stop()
        pressed = event.pressed.id or ""
        old, self.choice = self.choice, pressed.removeprefix("choice-")
        self.choice_changed(old)

    def choice_changed(self, old: str) -> None:
        """A form may follow the choice (the export's file name takes the format's extension)."""

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.dismiss((event.value.strip(), self.choice))
        else:
            self.notify("Type something first (Esc cancels).", timeout=2, markup=False)


class PipeScreen(ChoiceForm):
    """`|`: a shell command to send the article to, as its standard input."""

    TITLE_TEXT = "Pipe the article to a command"
    PLACEHOLDER = "a shell command: less, wc -w, pbcopy, grep -n word …"
    CHOICES = PIPE_SOURCES

    def note(self) -> Text:
        return Text("The command runs in your shell on the terminal; Enter brings you back here.")


class ExportScreen(ChoiceForm):
    """`E`: the file to write the article into, and its format."""

    TITLE_TEXT = "Export the article"
    HINT = "Enter writes · Tab: choose the format · Esc cancels"
    PLACEHOLDER = "file name (~ is your home folder)"
    CHOICES = EXPORT_FORMATS
    SUFFIXES: ClassVar[dict[str, str]] = {"text": ".txt", "html": ".html"}

    def __init__(self, value: str, choice: str, *, download: bool = False) -> None:
        super().__init__(value, choice)
        self.download = download  # under `serve`: the visitor's browser downloads the file

    def note(self) -> Text:
        if self.download:
            return Text("Your browser downloads the file.")
        return Text("A relative name is in the folder broadsheet started in; never inside the archive.")

    def choice_changed(self, old: str) -> None:
        line = self.query_one(Input)
        old_suffix, new_suffix = self.SUFFIXES.get(old, ""), self.SUFFIXES.get(self.choice, "")
        if old_suffix and line.value.endswith(old_suffix):
            line.value = line.value.removesuffix(old_suffix) + new_suffix


class OverwriteScreen(PickerScreen[bool]):
    """The export's file is there already: replace it (True), or not."""

    DEFAULT_CSS: ClassVar[str] = "OverwriteScreen { align: center middle; background: $background 60%; }"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(False)", "Keep it", id="overwrite.keep")
    ]

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        yield self.picker(
            [Option("Keep it: do not export", id="no"), Option(Text(f"Replace {self.path}"), id="yes")],
            "The file exists",
            "Enter chooses · Esc keeps it",
        )

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_id == "yes")
