/** Deterministic legal calculators: each a pure function returning figures, the articles it rests on, and notes. */
export * from './types.js';
export { LAW, PAY_DAYS_PER_MONTH, cite, figure, fmt, fmtDuration, result } from './common.js';
export { averageWageFor, loadAverageWages, parseAverageWages, AVERAGE_WAGE_FILE, type AverageWage, type AverageWageEntry } from './average-wage.js';
export { loadPolicy, parsePolicy, policyInForce, policyRef, type Policy } from './policies.js';
export { severancePay, roundServiceYears, severanceWage, type SeveranceInput, type SeveranceResult } from './severance.js';
export { wrongfulTerminationDamages, type WrongfulTerminationResult } from './wrongful-termination.js';
export { noticePay, type NoticePayInput } from './notice-pay.js';
export { doubleWage, type DoubleWageInput, type DoubleWageResult } from './double-wage.js';
export { probationCheck, type ContractTerm, type ProbationInput, type ProbationResult } from './probation.js';
export { annualLeave, annualLeaveTier, type AnnualLeaveInput, type AnnualLeaveResult } from './annual-leave.js';
export { unusedLeavePay, type UnusedLeavePayInput, type UnusedLeavePayResult } from './unused-leave-pay.js';
export { overtimePay, type OvertimeInput, type OvertimeResult } from './overtime.js';
export { medicalPeriod, medicalPeriodMonths, MEDICAL_WINDOW, type MedicalPeriodInput, type MedicalPeriodResult } from './medical-period.js';
export { maternityLeave, HENAN_LEAVE_POLICY_ID, HENAN_EXTRA_LABEL, type MaternityLeaveInput, type MaternityLeaveResult } from './maternity-leave.js';
export { minimumWageCheck, monthlyMinimums, HENAN_MINIMUM_WAGE_POLICY_ID, type MinimumWageInput, type MinimumWageResult } from './minimum-wage.js';
