# bash completion for broadsheet. Generated from its argument parser by `python -m reader.cliref`: do not edit.
# Completes the word under the cursor from what the caller set: options, valued (the options that
# take a value), positionals (one kind a place: "-", "dir", "file" or "words:a b c") and $1, the
# index of the first word after the command.
_broadsheet_complete() {
    local first=$1 i=$1 word position=0 rest="" kind
    while (( i < COMP_CWORD )); do
        word=${COMP_WORDS[i]}
        if [[ -n $rest ]]; then
            (( position++ ))
        elif [[ $word == -- ]]; then
            rest=1
        elif [[ $word == -* ]]; then
            if [[ " $valued " == *" $word "* ]]; then
                (( i++ ))
                [[ ${COMP_WORDS[i]} == = ]] && (( i++ ))
            fi
        elif [[ $word != = ]]; then
            (( position++ ))
        fi
        (( i++ ))
    done
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    if [[ $prev == = ]] && (( COMP_CWORD - 2 >= first )); then
        prev=${COMP_WORDS[COMP_CWORD-2]}
    fi
    [[ $cur == = ]] && cur=""
    if [[ -z $rest && $prev == -* && " $valued " == *" $prev "* ]]; then
        _broadsheet_values "${values[$prev]}" "$cur"
        return
    fi
    if [[ -z $rest && $cur == -* ]]; then
        local IFS=$' \t\n'
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
        return
    fi
    (( position < ${#positionals[@]} )) && _broadsheet_values "${positionals[position]}" "$cur"
}

# Adds the completions of one kind of value ("-": anything, nothing to offer).
_broadsheet_values() {
    local kind=$1 cur=$2 IFS=$'\n'
    case $kind in
        dir)
            compopt -o filenames 2>/dev/null
            COMPREPLY+=($(compgen -d -- "$cur")) ;;
        file)
            compopt -o filenames 2>/dev/null
            COMPREPLY+=($(compgen -f -- "$cur")) ;;
        words:*)
            IFS=$' \t\n'
            COMPREPLY+=($(compgen -W "${kind#words:}" -- "$cur")) ;;
    esac
}

_broadsheet() {
    COMPREPLY=()
    local options valued positionals
    local -A values
    case ${COMP_WORDS[1]} in
        list)
            if (( COMP_CWORD > 1 )); then
                options='-h --help --debug --tag --category --query --series --sort --limit --unread --starred --json'
                valued='--tag --category --query --series --sort --limit'
                values=([--tag]='-' [--category]='-' [--query]='-' [--series]='-' [--sort]='words:date title' [--limit]='-')
                positionals=('dir')
                _broadsheet_complete 2
                return
            fi
            ;;
        show)
            if (( COMP_CWORD > 1 )); then
                options='-h --help --debug --width --root --color --pager --json'
                valued='--width --root --color'
                values=([--width]='-' [--root]='dir' [--color]='words:auto always never')
                positionals=('file')
                _broadsheet_complete 2
                return
            fi
            ;;
        tags)
            if (( COMP_CWORD > 1 )); then
                options='-h --help --debug --json'
                valued=''
                values=()
                positionals=('dir')
                _broadsheet_complete 2
                return
            fi
            ;;
        check)
            if (( COMP_CWORD > 1 )); then
                options='-h --help --debug --json'
                valued=''
                values=()
                positionals=('dir')
                _broadsheet_complete 2
                return
            fi
            ;;
        search)
            if (( COMP_CWORD > 1 )); then
                options='-h --help --debug --limit --json'
                valued='--limit'
                values=([--limit]='-')
                positionals=('-' 'dir')
                _broadsheet_complete 2
                return
            fi
            ;;
        serve)
            if (( COMP_CWORD > 1 )); then
                options='-h --help --debug --host --port --token --max-sessions'
                valued='--host --port --token --max-sessions'
                values=([--host]='-' [--port]='-' [--token]='-' [--max-sessions]='-')
                positionals=('dir')
                _broadsheet_complete 2
                return
            fi
            ;;
        state)
            if (( COMP_CWORD > 1 )); then
                options='-h --help --debug --repair --json'
                valued=''
                values=()
                positionals=()
                _broadsheet_complete 2
                return
            fi
            ;;
        completion)
            if (( COMP_CWORD > 1 )); then
                options='-h --help --debug'
                valued=''
                values=()
                positionals=('words:bash zsh fish')
                _broadsheet_complete 2
                return
            fi
            ;;
    esac
    options='-h --help --version --debug --fresh'
    valued=''
    values=()
    positionals=('dir')
    if (( COMP_CWORD == 1 )) && [[ ${COMP_WORDS[1]} != -* ]]; then
        COMPREPLY=($(compgen -W 'list show tags check search serve state completion' -- "${COMP_WORDS[1]}"))
    fi
    _broadsheet_complete 1
}

complete -F _broadsheet broadsheet
