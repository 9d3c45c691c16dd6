; Included by electron-builder's NSIS installer (nsis.include defaults to build/installer.nsh).
; Uninstalling Facteur removes the "Keep sending when Facteur is closed" task of the default
; data dir (its fixed name is jobName() in src/main/core/background/job-spec.ts). An update also
; runs the old uninstaller, so the task is kept when ${isUpdated}.
!macro customUnInstall
  ${ifNot} ${isUpdated}
    nsExec::Exec 'schtasks /Delete /TN "Facteur\facteur-queue" /F'
    Pop $0
  ${endIf}
!macroend
