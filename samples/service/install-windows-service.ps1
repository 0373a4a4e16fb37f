# Installs the SyncFiles importer in watch mode as a Windows service (docs/operations.md,
# "Running the importer as a service"). Run in an elevated PowerShell; adjust the paths.
$exe    = 'C:\SyncFiles\importer\syncfiles-import.exe'
$config = 'C:\SyncFiles\server.json'   # give it a "logFile": a service has no console
$name   = 'SyncFilesImport'

sc.exe create $name binPath= "`"$exe`" run --watch --service --config `"$config`"" start= delayed-auto DisplayName= "SyncFiles importer"
sc.exe description $name "Applies SyncFiles site bundles from the inbox to the central database."
# Restart after a failure; exit code 2 (configuration error) is reported as a failure too.
sc.exe failure $name reset= 86400 actions= restart/60000/restart/60000/restart/300000
sc.exe failureflag $name 1
# Runs as the service's virtual account; grant NT SERVICE\SyncFilesImport modify rights on the
# inbox, processed, quarantine and log folders, and a login on the central database.
sc.exe config $name obj= "NT SERVICE\$name"
sc.exe start $name
