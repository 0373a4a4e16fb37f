# Schedules the SyncFiles exporter with the Windows Task Scheduler (docs/operations.md,
# "Scheduling"). Run in an elevated PowerShell; adjust the paths, the account and the interval.
# For the importer, use syncfiles-import.exe, server.json and another task name.
$exe     = 'C:\SyncFiles\syncfiles-export.exe'
$config  = 'C:\SyncFiles\site.json'     # give it a "logFile": a scheduled task has no console
$folder  = 'C:\SyncFiles'               # "Start in"
$name    = 'SyncFiles\Export'
$account = 'NT AUTHORITY\SYSTEM'        # or a service account: see below

$action   = New-ScheduledTaskAction -Execute $exe -Argument "run --config `"$config`"" -WorkingDirectory $folder
$trigger  = New-ScheduledTaskTrigger -Once -At (Get-Date).Date -RepetitionInterval (New-TimeSpan -Minutes 15)
# Do not start a new instance while one runs; run on battery too; catch up a run missed while
# the machine was off; stop a run that hangs for 2 hours.
$settings = New-ScheduledTaskSettingsSet -MultipleInstances IgnoreNew -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries `
    -StartWhenAvailable -ExecutionTimeLimit (New-TimeSpan -Hours 2)
# SYSTEM runs whether a user is logged on or not. To write to a network share, use a domain
# service account instead: Register-ScheduledTask ... -User 'DOMAIN\svc-syncfiles' -Password '...'
# (the GUI's "Run whether user is logged on or not" with a stored password).
$principal = New-ScheduledTaskPrincipal -UserId $account -LogonType ServiceAccount -RunLevel Limited

Register-ScheduledTask -TaskName $name -Action $action -Trigger $trigger -Settings $settings -Principal $principal -Force
