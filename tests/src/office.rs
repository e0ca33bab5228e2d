//! Real PDF and Word files for the tests, made by a real producer: LibreOffice (Debian's
//! `libreoffice-writer-nogui`, which `make test` installs) converts an HTML page headlessly,
//! each conversion with a profile of its own so conversions in parallel never share one.

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `html` converted by LibreOffice Writer to `format` (`pdf` or `docx`): the file's bytes.
pub fn convert(html: &str, format: &str) -> Vec<u8> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir: PathBuf = std::env::temp_dir().join(format!(
        "porthole-office-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("a directory for the conversion");
    let source = dir.join("document.html");
    std::fs::write(&source, html).expect("the HTML source");
    let filter = match format {
        "docx" => "docx:MS Word 2007 XML",
        _ => "pdf",
    };
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .args([
            "--headless",
            "--infilter=HTML (StarWriter)",
            "--convert-to",
            filter,
            "--outdir",
        ])
        .arg(&dir)
        .arg(&source)
        .output()
        .expect("LibreOffice (soffice): make test installs it");
    let out = dir.join(format!("document.{format}"));
    let bytes = std::fs::read(&out).unwrap_or_else(|e| {
        panic!(
            "LibreOffice made no {format} ({e}): {}",
            String::from_utf8_lossy(&status.stderr)
        )
    });
    let _ = std::fs::remove_dir_all(&dir);
    bytes
}

/// A one-page PDF with a drawing and no text at all, as a scan without OCR is (written here:
/// LibreOffice Writer always gives a page some text layer).
pub fn pdf_without_text() -> Vec<u8> {
    let content = "0 0 1 rg 20 20 160 160 re f";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>".to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{object}\nendobj\n", i + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        pdf.push_str(&format!("{offset:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.into_bytes()
}
