# Installs a prebuilt hindsight for Windows (x86_64) from the GitHub
# releases, checking its SHA-256 checksum. Usage:
#   powershell -ExecutionPolicy Bypass -c "irm https://github.com/hindsight-postmortems/hindsight/releases/latest/download/install.ps1 | iex"
# Environment: HINDSIGHT_VERSION (a tag such as v0.1.0; default: the latest
# release), HINDSIGHT_INSTALL_DIR (default: %LOCALAPPDATA%\hindsight\bin).
$ErrorActionPreference = 'Stop'

$repo = 'hindsight-postmortems/hindsight'
$version = if ($env:HINDSIGHT_VERSION) { $env:HINDSIGHT_VERSION } else { 'latest' }
$dest = if ($env:HINDSIGHT_INSTALL_DIR) { $env:HINDSIGHT_INSTALL_DIR } else { Join-Path $env:LOCALAPPDATA 'hindsight\bin' }

if ($env:PROCESSOR_ARCHITECTURE -ne 'AMD64') {
    throw "no prebuilt hindsight for $($env:PROCESSOR_ARCHITECTURE); install it with: cargo install --locked hindsight"
}
$target = 'x86_64-pc-windows-msvc'
$base = if ($version -eq 'latest') { "https://github.com/$repo/releases/latest/download" } else { "https://github.com/$repo/releases/download/$version" }
$archive = "hindsight-$target.zip"

$tmp = Join-Path ([System.IO.Path]::GetTempPath()) ([System.Guid]::NewGuid())
New-Item -ItemType Directory -Path $tmp | Out-Null
try {
    Invoke-WebRequest -UseBasicParsing -Uri "$base/$archive" -OutFile (Join-Path $tmp $archive)
    Invoke-WebRequest -UseBasicParsing -Uri "$base/$archive.sha256" -OutFile (Join-Path $tmp "$archive.sha256")
    $expected = ((Get-Content (Join-Path $tmp "$archive.sha256")) -split '\s+')[0].ToLower()
    $actual = (Get-FileHash -Algorithm SHA256 (Join-Path $tmp $archive)).Hash.ToLower()
    if ($expected -ne $actual) { throw "checksum mismatch for $archive" }
    Expand-Archive -Path (Join-Path $tmp $archive) -DestinationPath $tmp -Force
    New-Item -ItemType Directory -Path $dest -Force | Out-Null
    Copy-Item (Join-Path $tmp "hindsight-$target\hindsight.exe") (Join-Path $dest 'hindsight.exe') -Force
} finally {
    Remove-Item -Recurse -Force $tmp
}
& (Join-Path $dest 'hindsight.exe') --version
$userPath = [Environment]::GetEnvironmentVariable('Path', 'User')
if (-not ($userPath -split ';' | Where-Object { $_ -eq $dest })) {
    [Environment]::SetEnvironmentVariable('Path', "$userPath;$dest", 'User')
    Write-Output "added $dest to your PATH (open a new terminal)"
}
