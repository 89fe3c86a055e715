# fish completion for azwatch(1), installed as
# $(datadir)/fish/vendor_completions.d/azwatch.fish. Commands, options and
# the values of options with a fixed set; service and region names are
# free text (azwatch check suggests the closest known names for an
# unknown one).

# The command (first word that is neither an option nor its argument).
function __azwatch_command
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l skip 0
    for t in $tokens
        if test $skip -eq 1
            set skip 0
            continue
        end
        switch $t
            case -c --config --interval --cloud --resource --timeout --format --service --region --since --speed --email --subscription --state-dir --log-format
                set skip 1
            case '-*'
            case '*'
                echo $t
                return 0
        end
    end
    return 1
end

function __azwatch_no_command
    not __azwatch_command >/dev/null
end

# True when the command is one of the arguments.
function __azwatch_using
    set -l c (__azwatch_command)
    or return 1
    contains -- $c $argv
end

# True while replay has no FILE yet, or alerts no subcommand.
function __azwatch_wants_operand
    set -l c (__azwatch_command)
    or return 1
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l seen 0
    set -l skip 0
    for t in $tokens
        if test $skip -eq 1
            set skip 0
            continue
        end
        switch $t
            case -c --config --interval --cloud --resource --timeout --format --service --region --since --speed --email --subscription --state-dir --log-format
                set skip 1
            case '-*'
            case '*'
                set seen (math $seen + 1)
        end
    end
    test $seen -eq 1; and contains -- $c $argv
end

complete -c azwatch -f

# commands
complete -c azwatch -n __azwatch_no_command -a status -d 'poll every channel once and print a summary'
complete -c azwatch -n __azwatch_no_command -a check -d "the wizard's verdict, without the UI"
complete -c azwatch -n __azwatch_no_command -a replay -d 'drive the dashboard from a recorded timeline'
complete -c azwatch -n __azwatch_no_command -a alerts -d 'create a Service Health alert rule'
complete -c azwatch -n __azwatch_no_command -a watch -d 'the worker without a terminal: journal, notifications, sinks'
complete -c azwatch -n __azwatch_no_command -a config -d 'write a commented configuration template'
complete -c azwatch -n '__azwatch_wants_operand config' -a init -d 'write a commented configuration template'
complete -c azwatch -n '__azwatch_wants_operand alerts' -a setup -d 'create an action group and an alert rule'
complete -c azwatch -n '__azwatch_wants_operand replay' -F -d 'timeline file'

# options of every command
complete -c azwatch -s c -l config -r -F -d 'configuration file'
complete -c azwatch -n 'not __azwatch_using replay' -l interval -x -d 'poll interval in seconds (default 60)'
complete -c azwatch -n 'not __azwatch_using replay' -l cloud -x -a 'AzureCloud AzureUSGovernment AzureChinaCloud' -d 'Azure cloud'
complete -c azwatch -n 'not __azwatch_using replay' -l read-only -d 'never create anything in Azure'
complete -c azwatch -n 'not __azwatch_using replay config' -l no-color -d 'no colours, as NO_COLOR'
complete -c azwatch -s h -l help -d 'show the help'
complete -c azwatch -n 'not __azwatch_using replay' -s V -l version -d 'print the version'

# the dashboard, status, check, watch
complete -c azwatch -n 'not __azwatch_using replay alerts' -l resource -x -d "also watch this resource's health"
complete -c azwatch -n 'not __azwatch_using replay alerts watch status' -l timeout -x -d 'wait at most this long for the channels'

# status
complete -c azwatch -n '__azwatch_using status check' -l json -d 'print JSON'
complete -c azwatch -n '__azwatch_using status' -l format -x -a 'text json tmux tmux-ascii' -d 'output format'

# check
complete -c azwatch -n '__azwatch_using check' -l service -x -d 'the service that fails (names and aliases)'
complete -c azwatch -n '__azwatch_using check' -l region -x -d 'the region where it fails'
complete -c azwatch -n '__azwatch_using check' -l since -x -d 'when the symptoms began'
complete -c azwatch -n '__azwatch_using check' -l alerts -d 'one verdict per fired Azure Monitor alert'

# replay
complete -c azwatch -n '__azwatch_using replay' -l speed -x -d 'this many times faster than recorded'

# alerts setup
complete -c azwatch -n '__azwatch_using alerts' -l email -x -d 'address the action group mails'
complete -c azwatch -n '__azwatch_using alerts' -l subscription -x -d 'subscription ID'
complete -c azwatch -n '__azwatch_using alerts' -l dry-run -d 'print the requests, create nothing'

# watch
complete -c azwatch -n '__azwatch_using watch' -l state-dir -x -a '(__fish_complete_directories)' -d 'where the journal and the outbox live'
complete -c azwatch -n '__azwatch_using watch' -l log-format -x -a 'text json' -d 'log line format'
