# fish completion for broadsheet. Generated from its argument parser by `python -m reader.cliref`: do not edit.
# The command typed (the first word after the program, when it names one), else nothing.
function __broadsheet_command
    set -l words (commandline -opc)
    if set -q words[2]; and contains -- $words[2] list show tags check search serve state completion
        echo $words[2]
    end
end

function __broadsheet_in --argument-names command
    test "$(__broadsheet_command)" = "$command"
end

# Whether the word under the cursor is positional number $position of $command ("" for the program);
# the rest of the arguments are the options that take a value (their value is not a positional).
function __broadsheet_at --argument-names command position
    set -l valued $argv[3..-1]
    set -l words (commandline -opc)
    set -e words[1]
    __broadsheet_in "$command"; or return 1
    test -n "$command"; and set -e words[1]
    set -l n 0
    set -l skip 0
    set -l rest 0
    for word in $words
        if test $skip = 1
            set skip 0
        else if test $rest = 0; and test "$word" = --
            set rest 1
        else if test $rest = 0; and string match -q -- '-*' $word
            contains -- $word $valued; and set skip 1
        else
            set n (math $n + 1)
        end
    end
    test $n -eq (math $position - 1)
end

complete -c broadsheet -f

complete -c broadsheet -n '__broadsheet_at "" 1' -a list -d 'List articles, newest first'
complete -c broadsheet -n '__broadsheet_at "" 1' -a show -d 'Print one article as the reading pane shows it'
complete -c broadsheet -n '__broadsheet_at "" 1' -a tags -d 'Tags and categories with their article counts'
complete -c broadsheet -n '__broadsheet_at "" 1' -a check -d 'Report every file that could not be read, odd fields, and tags spelled several ways'
complete -c broadsheet -n '__broadsheet_at "" 1' -a search -d 'Search the archive, best match first, each match with a snippet'
complete -c broadsheet -n '__broadsheet_at "" 1' -a serve -d 'Serve the app in a browser (textual-serve), on 127.0.0.1 by default'
complete -c broadsheet -n '__broadsheet_at "" 1' -a state -d 'Where reading state (read, starred) is kept, whether it is healthy, and what it holds'
complete -c broadsheet -n '__broadsheet_at "" 1' -a completion -d 'Print the completion script for bash, zsh or fish'
complete -c broadsheet -n '__broadsheet_in ""' -s h -l help -d 'show this help message and exit'
complete -c broadsheet -n '__broadsheet_in ""' -l version -d 'print the version and exit'
complete -c broadsheet -n '__broadsheet_in ""' -l debug -d 'on an unexpected error, print its traceback and add it to debug.log in the state folder (also BROADSHEET_DEBUG=1)'
complete -c broadsheet -n '__broadsheet_in ""' -l fresh -d 'start at the newest article, not where you left off in this archive'
complete -c broadsheet -n '__broadsheet_at "" 1' -x -a '(__fish_complete_directories (commandline -ct) \'\')' -d 'folder of articles (default: bundled samples), or one Markdown file to open in its folder'

# broadsheet list
complete -c broadsheet -n '__broadsheet_in "list"' -s h -l help -d 'show this help message and exit'
complete -c broadsheet -n '__broadsheet_in "list"' -l debug -d 'on an unexpected error, print its traceback and add it to debug.log in the state folder (also BROADSHEET_DEBUG=1)'
complete -c broadsheet -n '__broadsheet_in "list"' -l tag -x -d 'only articles with tag T'
complete -c broadsheet -n '__broadsheet_in "list"' -l category -x -d 'only articles in category C'
complete -c broadsheet -n '__broadsheet_in "list"' -l query -x -d 'only articles matching Q (in the search language, below; @NAME: the saved search NAME)'
complete -c broadsheet -n '__broadsheet_in "list"' -l series -x -d 'only the articles of series S, in reading order (oldest first)'
complete -c broadsheet -n '__broadsheet_in "list"' -l sort -x -a 'date title' -d 'newest first (date, the default) or by title'
complete -c broadsheet -n '__broadsheet_in "list"' -l limit -x -d 'print at most N articles (0: all)'
complete -c broadsheet -n '__broadsheet_in "list"' -l unread -d 'only unread articles'
complete -c broadsheet -n '__broadsheet_in "list"' -l starred -d 'only starred articles'
complete -c broadsheet -n '__broadsheet_in "list"' -l json -d 'print one JSON document'
complete -c broadsheet -n '__broadsheet_at "list" 1 --tag --category --query --series --sort --limit' -x -a '(__fish_complete_directories (commandline -ct) \'\')' -d 'folder of articles (default: the root in settings.toml, else the bundled samples)'

# broadsheet show
complete -c broadsheet -n '__broadsheet_in "show"' -s h -l help -d 'show this help message and exit'
complete -c broadsheet -n '__broadsheet_in "show"' -l debug -d 'on an unexpected error, print its traceback and add it to debug.log in the state folder (also BROADSHEET_DEBUG=1)'
complete -c broadsheet -n '__broadsheet_in "show"' -l width -x -d 'columns (default: terminal width, or 80)'
complete -c broadsheet -n '__broadsheet_in "show"' -l root -x -a '(__fish_complete_directories (commandline -ct) \'\')' -d 'the archive FILE belongs to, for --json\'s root and relative_path (default: the root in settings.toml, when FILE is inside it)'
complete -c broadsheet -n '__broadsheet_in "show"' -l color -x -a 'auto always never' -d 'colour and hyperlinks: auto (on a terminal, the default), always, or never (no escape bytes)'
complete -c broadsheet -n '__broadsheet_in "show"' -l pager -d 'page the article, in colour at the terminal\'s width, with $BROADSHEET_PAGER, else $PAGER, else `less -R` (printed as usual when stdout is not a terminal)'
complete -c broadsheet -n '__broadsheet_in "show"' -l json -d 'print one JSON document'
complete -c broadsheet -n '__broadsheet_at "show" 1 --width --root --color' -r -F -d 'a Markdown file (inside an archive or not), or - to read one from standard input'

# broadsheet tags
complete -c broadsheet -n '__broadsheet_in "tags"' -s h -l help -d 'show this help message and exit'
complete -c broadsheet -n '__broadsheet_in "tags"' -l debug -d 'on an unexpected error, print its traceback and add it to debug.log in the state folder (also BROADSHEET_DEBUG=1)'
complete -c broadsheet -n '__broadsheet_in "tags"' -l json -d 'print one JSON document'
complete -c broadsheet -n '__broadsheet_at "tags" 1' -x -a '(__fish_complete_directories (commandline -ct) \'\')' -d 'folder of articles (default: the root in settings.toml, else the bundled samples)'

# broadsheet check
complete -c broadsheet -n '__broadsheet_in "check"' -s h -l help -d 'show this help message and exit'
complete -c broadsheet -n '__broadsheet_in "check"' -l debug -d 'on an unexpected error, print its traceback and add it to debug.log in the state folder (also BROADSHEET_DEBUG=1)'
complete -c broadsheet -n '__broadsheet_in "check"' -l json -d 'print one JSON document'
complete -c broadsheet -n '__broadsheet_at "check" 1' -x -a '(__fish_complete_directories (commandline -ct) \'\')' -d 'folder of articles (default: the root in settings.toml, else the bundled samples)'

# broadsheet search
complete -c broadsheet -n '__broadsheet_in "search"' -s h -l help -d 'show this help message and exit'
complete -c broadsheet -n '__broadsheet_in "search"' -l debug -d 'on an unexpected error, print its traceback and add it to debug.log in the state folder (also BROADSHEET_DEBUG=1)'
complete -c broadsheet -n '__broadsheet_in "search"' -l limit -x -d 'print at most N matches (default 50; 0: all)'
complete -c broadsheet -n '__broadsheet_in "search"' -l json -d 'print one JSON document'
complete -c broadsheet -n '__broadsheet_at "search" 2 --limit' -x -a '(__fish_complete_directories (commandline -ct) \'\')' -d 'folder of articles (default: the root in settings.toml, else the bundled samples)'

# broadsheet serve
complete -c broadsheet -n '__broadsheet_in "serve"' -s h -l help -d 'show this help message and exit'
complete -c broadsheet -n '__broadsheet_in "serve"' -l debug -d 'on an unexpected error, print its traceback and add it to debug.log in the state folder (also BROADSHEET_DEBUG=1)'
complete -c broadsheet -n '__broadsheet_in "serve"' -l host -x -d 'address to listen on (default 127.0.0.1: this machine only)'
complete -c broadsheet -n '__broadsheet_in "serve"' -l port -x -d 'port to listen on (default 8000)'
complete -c broadsheet -n '__broadsheet_in "serve"' -l token -x -d 'require ?token=TOKEN in the address; when --host is not a loopback address and no token is given, a random one is made and printed with the address'
complete -c broadsheet -n '__broadsheet_in "serve"' -l max-sessions -x -d 'at most N browser sessions (app processes) at once (default 8)'
complete -c broadsheet -n '__broadsheet_at "serve" 1 --host --port --token --max-sessions' -x -a '(__fish_complete_directories (commandline -ct) \'\')' -d 'folder of articles (default: the root in settings.toml, else the bundled samples)'

# broadsheet state
complete -c broadsheet -n '__broadsheet_in "state"' -s h -l help -d 'show this help message and exit'
complete -c broadsheet -n '__broadsheet_in "state"' -l debug -d 'on an unexpected error, print its traceback and add it to debug.log in the state folder (also BROADSHEET_DEBUG=1)'
complete -c broadsheet -n '__broadsheet_in "state"' -l repair -d 'move a damaged state file aside (it is kept, renamed .corrupt-DATE) and start a new one'
complete -c broadsheet -n '__broadsheet_in "state"' -l json -d 'print one JSON document'

# broadsheet completion
complete -c broadsheet -n '__broadsheet_in "completion"' -s h -l help -d 'show this help message and exit'
complete -c broadsheet -n '__broadsheet_in "completion"' -l debug -d 'on an unexpected error, print its traceback and add it to debug.log in the state folder (also BROADSHEET_DEBUG=1)'
complete -c broadsheet -n '__broadsheet_at "completion" 1' -x -a 'bash zsh fish' -d 'bash, zsh or fish'
