import type { CallOutput, Method, ParsedInput } from '../../shared/contract';

export type ParsedInputs = { [M in Method]: ParsedInput<M> };
export type Outputs = { [M in Method]: CallOutput<M> };
