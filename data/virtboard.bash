# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for virtboard(1)
#
# Options are listed here; machine types, -M properties and their values,
# CPU models and accelerators come from the virtboard being completed
# (-M help, -M TYPE,help, -cpu help, -accel help), so they are always
# those of the installed version. Self-contained: it needs nothing from
# the bash-completion package.

_virtboard_opts=(--qemu-version --qemu --json --svg --quiet --host-ipa-bits
    --no-default-machine
    --help --version -h -V
    -M -machine -m -smp -cpu -accel -enable-kvm -bios -pflash -drive
    -kernel -initrd -append -display -nographic -nodefaults -serial
    -monitor -device -S)

# Run the virtboard being completed with the options that select what it
# models (the QEMU release: --qemu-version X.Y or --qemu PATH, as given
# on the line so far), quietly.
_virtboard_query()
{
    local prog=${COMP_WORDS[0]} i
    local -a sel=()
    if [[ $prog == */* ]]; then
        [[ -x $prog ]] || prog=virtboard
    else
        type -P "$prog" >/dev/null 2>&1 || prog=virtboard
    fi
    for ((i = 1; i + 1 < ${#COMP_WORDS[@]}; i++)); do
        case ${COMP_WORDS[i]} in
        --qemu-version | --qemu) sel=("${COMP_WORDS[i]}" "${COMP_WORDS[i + 1]}") ;;
        esac
    done
    "$prog" "${sel[@]}" "$@" 2>/dev/null
}

# The text before the cursor as words (shell quoting is not handled):
# sets cur, prev and cword (the index of cur); what follows the cursor
# does not matter.
_virtboard_words()
{
    local line=${COMP_LINE:0:COMP_POINT}
    local -a w
    read -r -a w <<<"$line"
    if [[ -z $line || $line == *[[:space:]] ]]; then
        w+=("")
    fi
    cword=$((${#w[@]} - 1))
    cur=${w[cword]}
    prev=
    ((cword > 0)) && prev=${w[cword - 1]}
}

# COMPREPLY from candidates that all start with the current word; readline
# replaces only what follows the last word-break character (= and :), so
# that prefix is taken off each candidate.
_virtboard_reply()
{
    local c prefix=
    COMPREPLY=()
    if [[ $cur == *[=:]* ]]; then
        prefix=${cur%[=:]*}
        prefix=${prefix}${cur:${#prefix}:1}
    fi
    for c in "$@"; do
        [[ $c == "$cur"* ]] && COMPREPLY+=("${c#"$prefix"}")
    done
}

_virtboard_machine_types()
{
    _virtboard_query -M help | awk 'NR > 1 && $1 ~ /^virt/ { print $1 }'
}

# -M TYPE,prop=value,...: types first, then properties, then values
_virtboard_machine()
{
    local type props prop help line
    local -a cands=()
    if [[ $cur != *,* ]]; then
        mapfile -t cands < <(_virtboard_machine_types)
        _virtboard_reply "${cands[@]}" help
        return
    fi
    type=${cur%%,*}
    props=${cur%,*}
    help=$(_virtboard_query -M "$type,help")
    if [[ ${cur##*,} == *=* ]]; then
        prop=${cur##*,}
        prop=${prop%%=*}
        line=$(grep -E "^  $prop=<" <<<"$help")
        case $line in
        *'=<bool>'*) cands=(on off) ;;
        *'=<OnOffAuto>'*) cands=(on off auto) ;;
        *'Valid values are '*)
            line=${line#*Valid values are }
            line=${line%% (default*}
            line=${line//,/ }
            read -r -a cands <<<"${line// and / }"
            ;;
        esac
        if [[ $prop == accel ]]; then
            mapfile -t cands < <(_virtboard_query -accel help | tail -n +2)
        fi
        cands=("${cands[@]/#/$props,$prop=}")
    else
        mapfile -t cands < <(awk -F= \
            '/^  [a-z]/ { sub(/^  /, "", $1); print $1 "=" }' <<<"$help")
        cands=("${cands[@]/#/$props,}" "$props,help")
    fi
    _virtboard_reply "${cands[@]}"
    # a property name is not finished: no space after "prop="
    [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]] &&
        compopt -o nospace 2>/dev/null
    return 0
}

# virtboard conform [--json] QEMU_BINARY: the option, then a file
_virtboard_conform()
{
    if [[ $cur == -* ]]; then
        _virtboard_reply --json --help
    else
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
}

_virtboard()
{
    local cur prev cword
    local -a cands
    _virtboard_words
    if ((cword > 1)) && [[ ${COMP_WORDS[1]} == conform ]]; then
        _virtboard_conform
        return
    fi
    case $prev in
    -M | -machine)
        _virtboard_machine
        return
        ;;
    -cpu)
        mapfile -t cands < <(_virtboard_query -cpu help |
            awk 'NR > 1 { print $1 }')
        _virtboard_reply "${cands[@]}" help
        return
        ;;
    -accel)
        mapfile -t cands < <(_virtboard_query -accel help | tail -n +2)
        _virtboard_reply "${cands[@]}" help
        return
        ;;
    --host-ipa-bits)
        _virtboard_reply 32 36 39 40 42 44 48 52 none
        return
        ;;
    --qemu-version)
        # "modelled QEMU releases (virt board): 5.2 7.2 (default) 10.0"
        mapfile -t cands < <(_virtboard_query --version |
            sed -n 's/^modelled QEMU releases[^:]*: //p' | tr ', ' '\n\n' |
            sed '/^(default)$/d; /^$/d')
        _virtboard_reply "${cands[@]}"
        return
        ;;
    --qemu | --svg | -bios | -pflash | -kernel | -initrd)
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        return
        ;;
    -m | -smp | -append | -drive | -display | -serial | -monitor | -device)
        COMPREPLY=()
        return
        ;;
    esac
    if [[ $cur == -* ]]; then
        _virtboard_reply "${_virtboard_opts[@]}"
    elif ((cword == 1)); then
        _virtboard_reply plan conform
    else
        COMPREPLY=()
    fi
}

complete -F _virtboard virtboard
