; The Windows installer of `desk.exe`, the headless journal (issue 20 item 2), built on
; Linux with Debian's makensis from the binary cross-built for x86_64-pc-windows-gnu:
;   makensis -DVERSION=0.1.0 -DEXE=path\to\desk.exe -DOUT=desk-0.1.0-setup.exe desk-cli.nsi
; Per machine, into Program Files; an entry in "Apps & features" with its uninstaller.
; The journal lives in the user's data directory (%APPDATA%\Incident Desk), which neither
; installing over an older version nor uninstalling touches: a newer desk.exe migrates it
; on first start after a backup (README "Upgrades").
; The window's installer is the Tauri bundler's (src-tauri/tauri.conf.json), not this one.

Unicode true
Target amd64-unicode
RequestExecutionLevel admin
; The release uses LZMA; the CI test passes -DCOMPRESSOR=zlib, several times faster on
; a 90 MB debug build.
!ifndef COMPRESSOR
  !define COMPRESSOR "/SOLID lzma"
!endif
SetCompressor ${COMPRESSOR}

!ifndef VERSION
  !error "pass -DVERSION=…"
!endif
!ifndef EXE
  !error "pass -DEXE=path to desk.exe"
!endif
!ifndef OUT
  !define OUT "desk-${VERSION}-setup.exe"
!endif

!define PRODUCT "Incident Desk (desk.exe)"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\IncidentDeskCli"

Name "${PRODUCT} ${VERSION}"
OutFile "${OUT}"
InstallDir "$PROGRAMFILES64\Incident Desk"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
ShowInstDetails show

LoadLanguageFile "${NSISDIR}\Contrib\Language files\Russian.nlf"
LoadLanguageFile "${NSISDIR}\Contrib\Language files\English.nlf"

Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

Section "desk.exe"
  SetRegView 64
  SetOutPath "$INSTDIR"
  File "/oname=desk.exe" "${EXE}"
  WriteUninstaller "$INSTDIR\uninstall-desk.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "Incident Desk"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall-desk.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall-desk.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetRegView 64
  ; Only what the installer put there: the journal in %APPDATA% stays.
  Delete "$INSTDIR\desk.exe"
  Delete "$INSTDIR\uninstall-desk.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd
