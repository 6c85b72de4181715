fn main() -> std::process::ExitCode {
    doorstep::cli::run()
}
